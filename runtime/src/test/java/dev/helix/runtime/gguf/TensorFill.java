package dev.helix.runtime.gguf;

/** The contents the test writers give their tensors: norms of ones and weights drawn from N(0, WEIGHT_STD). */
final class TensorFill {
    private static final int CHUNK = 8192;

    private TensorFill() {}

    /** A norm weight: all ones (Gemma's converter stores 1 + w, so ones are right for it too). */
    static GgufWriter.TensorData ones(long count) {
        return sink -> {
            for (long i = 0; i < count; i++) {
                sink.put(1.0f);
            }
        };
    }

    /** count values from N(0, WEIGHT_STD), reproducible from the seed. */
    static GgufWriter.TensorData gaussian(long seed, long count) {
        return sink -> {
            GaussianSource source = new GaussianSource(seed);
            float[] chunk = new float[CHUNK];
            for (long left = count; left > 0; ) {
                int n = (int) Math.min(left, CHUNK);
                for (int i = 0; i < n; i++) {
                    chunk[i] = RandomLlamaModel.WEIGHT_STD * source.next();
                }
                sink.put(chunk, 0, n);
                left -= n;
            }
        };
    }
}
