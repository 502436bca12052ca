package dev.helix.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A chat choice's {@code logprobs}: one entry per generated token, in order ({@code refusal} always null here).
 */
public record ChatLogprobs(List<Entry> content, @JsonInclude(JsonInclude.Include.ALWAYS) List<Entry> refusal) {

    /**
     * @param bytes       the token's UTF-8 bytes, each 0..255
     * @param topLogprobs the most likely tokens at this position, most likely first (null inside that list)
     */
    public record Entry(String token, double logprob, @JsonInclude(JsonInclude.Include.ALWAYS) List<Integer> bytes,
                        List<Entry> topLogprobs) {}
}
