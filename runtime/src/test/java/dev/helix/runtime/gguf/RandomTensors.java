package dev.helix.runtime.gguf;

import java.util.Arrays;

/**
 * Declares a test writer's tensors on a {@link GgufWriter}, filled by {@link TensorFill}: weights drawn from
 * N(0, WEIGHT_STD), each from its own seed (the model's seed and the weight's place among the file's weights, so the
 * same shape gives the same bytes), and norms of ones.
 */
final class RandomTensors {
    private static final long SEED_STEP = 0x9E37_79B9_7F4A_7C15L;

    private final GgufWriter writer;
    private final long seed;
    private final GgmlType type;
    private long index;

    RandomTensors(GgufWriter writer, RandomLlamaModel model) {
        this.writer = writer;
        this.seed = model.seed();
        this.type = model.tensorType();
    }

    /** A weight of the model's tensor type; dimensions fastest-varying first. */
    void weight(String name, long... dims) {
        weight(name, type, dims);
    }

    /** A weight stored as F32 whatever the model's type, as llama.cpp's converter keeps some small ones. */
    void weightF32(String name, long... dims) {
        weight(name, GgmlType.F32, dims);
    }

    /** A norm (or any per-channel scale): F32 ones. */
    void norm(String name, long length) {
        writer.addTensor(name, GgmlType.F32, new long[] {length}, TensorFill.ones(length));
    }

    private void weight(String name, GgmlType as, long[] dims) {
        long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        writer.addTensor(name, as, dims, TensorFill.gaussian(seed + SEED_STEP * ++index, count));
    }
}
