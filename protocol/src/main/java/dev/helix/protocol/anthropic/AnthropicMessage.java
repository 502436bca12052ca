package dev.helix.protocol.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer of {@code POST /v1/messages} ({@code "type":"message"}); also the message of a stream's
 * {@code message_start}, with no content and no stop reason yet.
 *
 * @param stopReason end_turn, max_tokens, stop_sequence or tool_use; null while streaming
 */
public record AnthropicMessage(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) String stopSequence,
        Usage usage) {

    public AnthropicMessage(String id, String model, List<ContentBlock> content, String stopReason, Usage usage) {
        this(id, "message", "assistant", model, content, stopReason, null, usage);
    }

    public record Usage(int inputTokens, int outputTokens) {}
}
