package dev.helix.runtime.gguf;

/**
 * A ggml tensor element type, with the id GGUF stores for it and its block layout: {@link #blockSize()}
 * elements are packed into {@link #typeSize()} bytes (1 element in 4 bytes for F32, 32 in 34 bytes for
 * Q8_0, 256 in 144 bytes for Q4_K). Ids 4, 5 and 31..33, 36..38 were removed from ggml and are unknown here.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    /** Newer than llama.cpp b4916; known so that such files can still be listed. */
    MXFP4(39, 32, 17);

    private static final GgmlType[] BY_ID = new GgmlType[40];

    static {
        for (GgmlType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The id stored in a GGUF tensor-info entry. */
    public int id() {
        return id;
    }

    /** Elements per block; a row (the first, fastest-varying dimension) must be a multiple of it. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int typeSize() {
        return typeSize;
    }

    /** Bytes that {@code elements} elements occupy; {@code elements} must be a multiple of the block size. */
    public long byteSize(long elements) {
        return elements / blockSize * typeSize;
    }

    /** The type with the given stored id, or null when the id is unknown. */
    public static GgmlType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }
}
