package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.helix.provider.TokenLogprob;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Log-probabilities from one row of raw logits ({@code llama_get_logits_ith}): a log-softmax over the whole
 * vocabulary, before the sampler chain (no temperature, penalties, bias or truncation), which is what OpenAI reports
 * and what llama.cpp's server reports for {@code n_probs} by default ({@code post_sampling_probs: false}).
 */
final class Logprobs {
    private Logprobs() {}

    /**
     * @param logits vocabulary-sized row of floats
     * @param token  the sampled token
     * @param top    alternatives to list (0..20)
     * @param piece  a token's bytes
     */
    static TokenLogprob of(MemorySegment logits, int vocabSize, int token, int top, IntFunction<byte[]> piece) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            max = Math.max(max, logits.getAtIndex(JAVA_FLOAT, i));
        }
        double sum = 0;
        for (int i = 0; i < vocabSize; i++) {
            sum += Math.exp(logits.getAtIndex(JAVA_FLOAT, i) - max);
        }
        double logZ = max + Math.log(sum);
        List<TokenLogprob> alternatives = new ArrayList<>(top);
        for (int id : best(logits, vocabSize, top)) {
            alternatives.add(entry(id, logits.getAtIndex(JAVA_FLOAT, id) - logZ, List.of(), piece));
        }
        return entry(token, logits.getAtIndex(JAVA_FLOAT, token) - logZ, alternatives, piece);
    }

    private static TokenLogprob entry(int id, double logprob, List<TokenLogprob> top, IntFunction<byte[]> piece) {
        byte[] bytes = piece.apply(id);
        return new TokenLogprob(new String(bytes, StandardCharsets.UTF_8), bytes, Math.min(0, logprob), top);
    }

    /** The {@code n} highest logits' ids, highest first (ties: the lower id first). */
    static int[] best(MemorySegment logits, int vocabSize, int n) {
        n = Math.min(n, vocabSize);
        int[] ids = new int[n];
        float[] values = new float[n];
        int size = 0;
        for (int i = 0; i < vocabSize; i++) {
            float v = logits.getAtIndex(JAVA_FLOAT, i);
            if (size == n && (n == 0 || v <= values[n - 1])) {
                continue;
            }
            int at = size < n ? size++ : n - 1;
            while (at > 0 && values[at - 1] < v) {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = i;
        }
        return ids;
    }
}
