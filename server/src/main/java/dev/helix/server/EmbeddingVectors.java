package dev.helix.server;

import dev.helix.provider.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@code dimensions} both APIs take: the first N components of each vector, L2-normalised again. */
public final class EmbeddingVectors {
    private EmbeddingVectors() {}

    /** The vectors cut to {@code dimensions} (null = as they are). */
    public static List<float[]> dimensions(List<float[]> vectors, Integer dimensions) {
        if (dimensions == null || vectors.isEmpty() || dimensions == vectors.get(0).length) {
            return vectors;
        }
        int size = vectors.get(0).length;
        if (dimensions < 1 || dimensions > size) {
            throw new InvalidRequestException("dimensions must be in [1, " + size + "]: this model's embeddings have "
                    + size + " dimensions", "dimensions");
        }
        List<float[]> result = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            float[] cut = Arrays.copyOf(vector, dimensions);
            double norm = 0;
            for (float x : cut) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int i = 0; i < cut.length; i++) {
                    cut[i] = (float) (cut[i] / norm);
                }
            }
            result.add(cut);
        }
        return result;
    }
}
