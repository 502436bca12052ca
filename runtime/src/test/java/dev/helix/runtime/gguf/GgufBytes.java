package dev.helix.runtime.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-built GGUF bytes, for headers the writer would refuse to produce. */
final class GgufBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** "GGUF", the version, then the tensor and key/value counts. */
    static GgufBytes header(int version, long tensorCount, long kvCount) {
        return new GgufBytes().u32(GgufReader.MAGIC).u32(version).u64(tensorCount).u64(kvCount);
    }

    GgufBytes u8(int v) {
        out.write(v);
        return this;
    }

    GgufBytes u32(long v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    GgufBytes u64(long v) {
        return put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    GgufBytes f32(float v) {
        return put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    /** A GGUF string: uint64 length, then UTF-8 bytes. */
    GgufBytes str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return u64(bytes.length).put(bytes);
    }

    /** A key with a uint32 value. */
    GgufBytes kvUint32(String key, long value) {
        return str(key).u32(GgufValueType.UINT32.id()).u32(value);
    }

    /** A key with a string value. */
    GgufBytes kvString(String key, String value) {
        return str(key).u32(GgufValueType.STRING.id()).str(value);
    }

    /** A tensor-info entry. */
    GgufBytes tensor(String name, GgmlType type, long offset, long... dims) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(type.id()).u64(offset);
    }

    /** Zero bytes up to the next multiple of 32. */
    GgufBytes pad() {
        while (out.size() % 32 != 0) {
            out.write(0);
        }
        return this;
    }

    GgufBytes zeros(int n) {
        return put(new byte[n]);
    }

    GgufBytes put(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path writeTo(Path file) {
        try {
            return Files.write(file, bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
