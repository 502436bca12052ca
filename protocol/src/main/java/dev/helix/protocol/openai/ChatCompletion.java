package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A non-streamed chat completion. Fields OpenAI always sends, null or not, are always written: the official SDKs
 * treat them as required.
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {

    public record Choice(int index, Message message,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         String finishReason) {}

    /** {@code content} is null when the model only called tools; {@code tool_calls} is left out when it called none. */
    public record Message(String role,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String content,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
                          List<ToolCall> toolCalls) {}

    /** A call with its arguments as a JSON string, as OpenAI sends them. */
    public record ToolCall(String id, String type, Function function) {}

    public record Function(String name, String arguments) {}

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
