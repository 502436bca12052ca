package dev.helix.runtime.gguf;

import java.io.IOException;

/**
 * Converts a stream of floats to one tensor's stored form as they arrive: F32 as is, F16 by
 * {@link Float#floatToFloat16}, Q8_0 in blocks of 32 (an f16 scale {@code d = max|x| / 127}, then 32 int8
 * {@code round(x / d)}, rounding half away from zero, as ggml's {@code quantize_row_q8_0_ref} does).
 */
final class TensorEncoder implements GgufWriter.FloatSink {

    static final int Q8_0_BLOCK = 32;

    private final GgufOutput out;
    private final GgmlType type;
    private final String tensor;
    private final long expected;
    private final float[] block;
    private final byte[] quants;
    private int inBlock;
    private long count;

    TensorEncoder(GgufOutput out, GgmlType type, String tensor, long expected) {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.Q8_0) {
            throw new IllegalArgumentException("cannot encode " + type + " tensors (only F32, F16 and Q8_0)");
        }
        this.out = out;
        this.type = type;
        this.tensor = tensor;
        this.expected = expected;
        this.block = type == GgmlType.Q8_0 ? new float[Q8_0_BLOCK] : null;
        this.quants = type == GgmlType.Q8_0 ? new byte[Q8_0_BLOCK] : null;
    }

    @Override
    public void put(float value) throws IOException {
        if (count == expected) {
            throw new IllegalStateException("tensor '" + tensor + "' takes " + expected + " values; got more");
        }
        count++;
        switch (type) {
            case F32 -> out.f32(value);
            case F16 -> out.u16(Float.floatToFloat16(value));
            default -> {
                block[inBlock++] = value;
                if (inBlock == Q8_0_BLOCK) {
                    writeQ8Block();
                    inBlock = 0;
                }
            }
        }
    }

    private void writeQ8Block() throws IOException {
        float amax = 0;
        for (float x : block) {
            amax = Math.max(amax, Math.abs(x));
        }
        float d = amax / 127;
        float id = d != 0 ? 1.0f / d : 0.0f;
        for (int j = 0; j < Q8_0_BLOCK; j++) {
            quants[j] = (byte) roundHalfAwayFromZero(block[j] * id);
        }
        out.u16(Float.floatToFloat16(d));
        out.bytes(quants, 0, Q8_0_BLOCK);
    }

    /** C's roundf. */
    static int roundHalfAwayFromZero(float v) {
        double r = Math.floor(Math.abs((double) v) + 0.5);
        return (int) (v < 0 ? -r : r);
    }

    /** Checks that the tensor got exactly its element count. */
    void finish() {
        if (count != expected) {
            throw new IllegalStateException("tensor '" + tensor + "' takes " + expected + " values; got " + count);
        }
    }
}
