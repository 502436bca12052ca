package dev.helix.runtime.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the header of a GGUF file (versions 2 and 3): the key/values and the tensor-info table, never the
 * tensor data. Arrays are skipped after their first {@value GgufMetadata#ARRAY_HEAD_LIMIT} elements, so a
 * header read touches a few hundred KB at most and takes milliseconds even for multi-GB models.
 *
 * <p>Every malformed input fails with a {@link GgufFormatException} saying what and where; lengths and
 * counts are checked against the bytes left in the file before anything is allocated, so a corrupt file
 * cannot exhaust memory or loop for long.
 */
public final class GgufReader {

    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_KEY_BYTES = 65_535;
    private static final int MAX_STRING_BYTES = 16 << 20;
    private static final int MAX_HEAD_STRING_BYTES = 64 << 10;
    private static final int MIN_KV_BYTES = 8 + 4 + 1;        // key length, type, smallest value
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8; // name length, n_dims, type, offset

    private GgufReader() {
    }

    /**
     * Reads the header of a GGUF file.
     *
     * @throws GgufFormatException when the file is not a well-formed GGUF v2/v3 file
     * @throws UncheckedIOException when the file cannot be read
     */
    public static GgufMetadata read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(new GgufInput(channel, channel.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static GgufMetadata read(GgufInput in) throws IOException {
        int version = header(in);
        in.context("the tensor count");
        long tensorCount = count(in, in.i64(), MIN_TENSOR_INFO_BYTES, "tensor count");
        in.context("the metadata key/value count");
        long kvCount = count(in, in.i64(), MIN_KV_BYTES, "metadata key/value count");

        Map<String, Object> kv = new LinkedHashMap<>();
        int alignment = DEFAULT_ALIGNMENT;
        for (long i = 0; i < kvCount; i++) {
            in.context("key #" + i);
            long keyAt = in.position();
            String key = in.string(MAX_KEY_BYTES);
            in.context("the value of key #" + i + " '" + key + "'");
            long at = in.position();
            GgufValueType type = valueType(in);
            Object value = type == GgufValueType.ARRAY ? array(in) : scalar(in, type);
            if (kv.putIfAbsent(key, value) != null) {
                throw in.error("duplicate key '" + key + "'", keyAt);
            }
            if (key.equals("general.alignment")) {
                alignment = alignment(in, type, value, at);
            }
        }

        List<GgufTensorInfo> tensors = new ArrayList<>((int) Math.min(tensorCount, 4096));
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            in.context("tensor info #" + i);
            long at = in.position();
            String name = in.string(MAX_KEY_BYTES);
            in.context("tensor info #" + i + " '" + name + "'");
            if (!names.add(name)) {
                throw in.error("duplicate tensor name", at);
            }
            tensors.add(tensorInfo(in, name, alignment));
        }
        long headerEnd = in.position();
        long dataOffset = headerEnd + (alignment - headerEnd % alignment) % alignment;
        for (int i = 0; i < tensors.size(); i++) {
            GgufTensorInfo t = tensors.get(i);
            long size = t.byteSize();
            if (t.offset() > in.size() - dataOffset || size > in.size() - dataOffset - t.offset()) {
                throw new GgufFormatException("truncated at byte " + in.size() + ": the data of tensor #" + i
                        + " '" + t.name() + "' (" + size + " bytes at byte " + dataOffset + " + " + t.offset()
                        + ") extends past the end of the file");
            }
        }
        return GgufMetadata.of(version, kv, tensors, dataOffset, in.size());
    }

    private static int header(GgufInput in) throws IOException {
        if (in.size() < 4) {
            throw new GgufFormatException("not a GGUF file: only " + in.size() + " bytes");
        }
        in.context("the magic");
        int magic = in.i32();
        if (magic != MAGIC) {
            throw new GgufFormatException(String.format("not a GGUF file: bad magic 0x%08X at byte 0 (expected "
                    + "0x47475546, \"GGUF\")", Integer.reverseBytes(magic)));
        }
        in.context("the version");
        int version = in.i32();
        if (version == 2 || version == 3) {
            return version;
        }
        int swapped = Integer.reverseBytes(version);
        if (swapped >= 1 && swapped <= 3) {
            throw new GgufFormatException("unsupported GGUF version " + Integer.toUnsignedString(version)
                    + ": this is a big-endian GGUF file (version " + swapped + "); only little-endian files are read");
        }
        if (version == 1) {
            throw new GgufFormatException("unsupported GGUF version 1: only versions 2 and 3 are read "
                    + "(GGUF v1 used 32-bit counts; re-convert the model with a current llama.cpp)");
        }
        throw new GgufFormatException("unsupported GGUF version " + Integer.toUnsignedString(version)
                + ": only versions 2 and 3 are read");
    }

    private static long count(GgufInput in, long count, int minEntryBytes, String what) {
        if (count < 0 || count > in.remaining() / minEntryBytes) {
            throw in.error("absurd " + what + " " + Long.toUnsignedString(count) + " (only " + in.remaining()
                    + " bytes follow)", in.position() - 8);
        }
        return count;
    }

    private static GgufValueType valueType(GgufInput in) throws IOException {
        long at = in.position();
        long id = in.u32();
        GgufValueType type = GgufValueType.byId(id);
        if (type == null) {
            throw in.error("unknown value type " + id, at);
        }
        return type;
    }

    private static Object scalar(GgufInput in, GgufValueType type) throws IOException {
        return switch (type) {
            case UINT8 -> (long) in.u8();
            case INT8 -> (long) (byte) in.u8();
            case UINT16 -> (long) in.u16();
            case INT16 -> (long) in.i16();
            case UINT32 -> in.u32();
            case INT32 -> (long) in.i32();
            case UINT64, INT64 -> in.i64();
            case FLOAT32 -> Double.parseDouble(Float.toString(in.f32()));
            case FLOAT64 -> in.f64();
            case BOOL -> in.u8() != 0;
            case STRING -> in.string(MAX_STRING_BYTES);
            case ARRAY -> throw new IllegalArgumentException("not a scalar type: " + type);
        };
    }

    private static GgufMetadata.ArrayValue array(GgufInput in) throws IOException {
        long at = in.position();
        GgufValueType element = valueType(in);
        if (element == GgufValueType.ARRAY) {
            throw in.error("nested array (arrays of arrays are not supported, nor by llama.cpp)", at);
        }
        long length = in.i64();
        int minSize = element == GgufValueType.STRING ? 8 : element.fixedSize();
        if (length < 0 || length > in.remaining() / minSize) {
            throw in.error("absurd array length " + Long.toUnsignedString(length) + " (" + element.specName()
                    + " elements take at least " + minSize + " bytes each and only " + in.remaining()
                    + " bytes follow)", at + 4);
        }
        int headSize = (int) Math.min(length, GgufMetadata.ARRAY_HEAD_LIMIT);
        List<Object> head = new ArrayList<>(headSize);
        for (int i = 0; i < headSize; i++) {
            head.add(element == GgufValueType.STRING ? in.stringPrefix(MAX_HEAD_STRING_BYTES) : scalar(in, element));
        }
        long rest = length - headSize;
        if (element == GgufValueType.STRING) {
            for (long i = 0; i < rest; i++) {
                in.skipString();
            }
        } else {
            in.skip(rest * minSize);
        }
        return new GgufMetadata.ArrayValue(element.specName(), length, head);
    }

    private static int alignment(GgufInput in, GgufValueType type, Object value, long at) {
        if (type != GgufValueType.UINT32) {
            throw in.error("general.alignment must be a uint32, not " + type.specName(), at);
        }
        long a = (Long) value;
        if (a == 0 || (a & (a - 1)) != 0) {
            throw in.error("general.alignment " + a + " is not a power of two", at);
        }
        return (int) a;
    }

    private static GgufTensorInfo tensorInfo(GgufInput in, String name, int alignment) throws IOException {
        long at = in.position();
        long nDims = in.u32();
        if (nDims > 4) {
            throw in.error(nDims + " dimensions (GGUF tensors have at most 4)", at);
        }
        List<Long> dims = new ArrayList<>((int) nDims);
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            at = in.position();
            long n = in.i64();
            if (n < 0) {
                throw in.error("dimension " + d + " = " + Long.toUnsignedString(n) + ", more than 2^63-1", at);
            }
            dims.add(n);
            try {
                elements = Math.multiplyExact(elements, n);
            } catch (ArithmeticException e) {
                throw in.error("dimensions " + dims + " whose element count overflows", at);
            }
        }
        at = in.position();
        long typeId = in.u32();
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw in.error("unknown ggml type " + typeId, at);
        }
        if (!dims.isEmpty() && dims.get(0) % type.blockSize() != 0) {
            throw in.error("row length " + dims.get(0) + " that is not a multiple of the " + type + " block size "
                    + type.blockSize(), at);
        }
        if (elements / type.blockSize() > Long.MAX_VALUE / type.typeSize()) {
            throw in.error(elements + " " + type + " elements whose byte size overflows", at);
        }
        at = in.position();
        long offset = in.i64();
        if (offset < 0 || offset % alignment != 0) {
            throw in.error("data offset " + Long.toUnsignedString(offset) + " that is not a multiple of the alignment "
                    + alignment, at);
        }
        return new GgufTensorInfo(name, dims, type, offset);
    }
}
