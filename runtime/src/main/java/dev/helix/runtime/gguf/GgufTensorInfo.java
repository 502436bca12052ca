package dev.helix.runtime.gguf;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a GGUF tensor-info table.
 *
 * @param name       tensor name, e.g. "blk.0.attn_q.weight"
 * @param dimensions element counts per dimension, fastest-varying first (a [rows x cols] matrix is [cols, rows]);
 *                   at most 4, none for a scalar
 * @param type       element type
 * @param offset     byte offset of the tensor's data relative to the start of the data section
 *                   ({@link GgufMetadata#dataOffset()}); a multiple of the file's alignment
 */
public record GgufTensorInfo(String name, List<Long> dimensions, GgmlType type, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dimensions = List.copyOf(dimensions);
        if (dimensions.size() > 4) {
            throw new IllegalArgumentException("a tensor has at most 4 dimensions, got " + dimensions.size());
        }
        for (long d : dimensions) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension " + d + " in tensor " + name);
            }
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " in tensor " + name);
        }
    }

    /** Product of the dimensions; throws ArithmeticException on overflow. */
    public long elementCount() {
        long n = 1;
        for (long d : dimensions) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of tensor data in the file. */
    public long byteSize() {
        return type.byteSize(elementCount());
    }
}
