package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One SSE event of a streamed chat completion; {@code usage} only on the last one, when the client asked for it. */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                                  ChatCompletion.Usage usage) {

    public record Choice(int index, Delta delta,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {}

    /** Only the fields that changed: the role first, then content pieces or tool-call fragments, then nothing. */
    public record Delta(String role, String content, List<ToolCallDelta> toolCalls) {
        public Delta(String role, String content) {
            this(role, content, null);
        }
    }

    /**
     * A fragment of a call: the first carries its index, id, type and name (and empty arguments), later ones the
     * same index and pieces of the arguments string.
     */
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {}

    public record FunctionDelta(String name, String arguments) {}
}
