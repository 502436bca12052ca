package dev.helix.protocol.openai;

import java.util.List;
import java.util.Map;

/**
 * A legacy completion choice's {@code logprobs}: parallel lists, one element per generated token.
 *
 * @param topLogprobs for each token, its most likely alternatives as token text → logprob
 * @param textOffset  where each token starts in the choice's text, in characters
 */
public record TextLogprobs(List<String> tokens, List<Double> tokenLogprobs, List<Map<String, Double>> topLogprobs,
                           List<Integer> textOffset) {}
