package dev.helix.server.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A {@code text_completion} object: the whole answer, or one streamed piece of it. */
record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
                      ChatCompletion.Usage usage) {

    record Choice(String text, int index,
                  @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
                  @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {}
}
