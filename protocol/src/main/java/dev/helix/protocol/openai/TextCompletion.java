package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A {@code text_completion} object: the whole answer, or one streamed piece of it. {@code timings} is llama-server's
 * extension, null from other servers.
 */
public record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
                             ChatCompletion.Usage usage, Timings timings) {

    /** A completion without llama-server's timings, as Helix answers. */
    public TextCompletion(String id, String object, long created, String model, List<Choice> choices,
                          ChatCompletion.Usage usage) {
        this(id, object, created, model, choices, usage, null);
    }

    public record Choice(String text, int index,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                         @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {}
}
