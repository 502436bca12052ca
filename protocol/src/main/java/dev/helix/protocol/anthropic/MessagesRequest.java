package dev.helix.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /v1/messages} and {@code /v1/messages/count_tokens}, taken as sent (the server validates
 * it). {@code system} is a string or an array of text blocks; each message's {@code content} a string or an array of
 * content blocks.
 */
public record MessagesRequest(
        String model,
        List<Message> messages,
        JsonNode system,
        Integer maxTokens,
        JsonNode stopSequences,
        Double temperature,
        Double topP,
        Integer topK,
        Boolean stream,
        JsonNode tools,
        JsonNode toolChoice,
        JsonNode thinking,
        JsonNode outputConfig,
        JsonNode metadata,
        JsonNode keepAlive) {

    public record Message(String role, JsonNode content) {}
}
