package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A non-streamed chat completion. Fields OpenAI always sends, null or not, are always written: the official SDKs
 * treat them as required. {@code timings} is llama-server's extension, null from other servers.
 */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
                             Timings timings) {

    /** A completion without llama-server's timings, as Helix answers. */
    public ChatCompletion(String id, String object, long created, String model, List<Choice> choices, Usage usage) {
        this(id, object, created, model, choices, usage, null);
    }

    /** {@code finish_reason} is one of {@link FinishReasons}; null only while a stream is still going. */
    public record Choice(int index, Message message,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         String finishReason) {}

    /**
     * {@code content} is null when the model only called tools; {@code tool_calls} is left out when it called none.
     * Reasoning models' thoughts come apart from the content, as {@code reasoning_content} (llama-server, vLLM
     * before 0.10, DeepSeek) or {@code reasoning} (vLLM, Ollama's {@code /v1}, OpenRouter); Helix sends
     * {@code reasoning_content}.
     */
    public record Message(String role,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String content,
                          @JsonInclude(JsonInclude.Include.ALWAYS) String refusal,
                          List<ToolCall> toolCalls,
                          String reasoningContent,
                          String reasoning) {

        public Message(String role, String content, String refusal, List<ToolCall> toolCalls) {
            this(role, content, refusal, toolCalls, null, null);
        }
    }

    /** A call with its arguments as a JSON string, as OpenAI sends them. */
    public record ToolCall(String id, String type, Function function) {}

    public record Function(String name, String arguments) {}

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
