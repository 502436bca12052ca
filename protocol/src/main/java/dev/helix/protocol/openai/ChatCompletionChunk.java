package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One SSE event of a streamed chat completion. {@code usage} comes once, at the end, when the client asked for it:
 * OpenAI, vLLM and Helix send it in a chunk of its own with no choices, llama-server on the chunk that carries the
 * finish reason, with its {@code timings}.
 */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                                  ChatCompletion.Usage usage, Timings timings) {

    /** A chunk without llama-server's timings, as Helix streams. */
    public ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                               ChatCompletion.Usage usage) {
        this(id, object, created, model, choices, usage, null);
    }

    /** {@code finish_reason} is null until the choice's last chunk, then one of {@link FinishReasons}. */
    public record Choice(int index, Delta delta,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {}

    /**
     * Only the fields that changed: the role first, then content pieces, reasoning pieces (as
     * {@code reasoning_content} or {@code reasoning}, see {@link ChatCompletion.Message}) or tool-call fragments,
     * then nothing.
     */
    public record Delta(String role, String content, List<ToolCallDelta> toolCalls, String reasoningContent,
                        String reasoning) {

        public Delta(String role, String content, List<ToolCallDelta> toolCalls) {
            this(role, content, toolCalls, null, null);
        }

        public Delta(String role, String content) {
            this(role, content, null);
        }
    }

    /**
     * A fragment of a call: the first carries its index, id, type and name (and empty or partial arguments), later
     * ones the same index and further pieces of the arguments string; concatenate them per index.
     */
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {}

    public record FunctionDelta(String name, String arguments) {}
}
