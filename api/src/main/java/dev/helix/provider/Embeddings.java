package dev.helix.provider;

import java.util.List;

/** One vector per input, in input order, and the tokens the inputs took. */
public record Embeddings(List<float[]> vectors, int promptTokens, Timings timings) {
    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
