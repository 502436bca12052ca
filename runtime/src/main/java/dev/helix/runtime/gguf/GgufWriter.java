package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a GGUF v3 file: typed metadata, then tensors whose data is streamed. It ships in helix.jar for one shipped
 * use, {@code helix doctor}'s {@link TinyLlama} (a few hundred KB model that proves a runner really generates); the
 * test generators that also use it (RandomLlamaModel, ScriptedLlamaModel and their presets) stay in runtime's
 * test-jar.
 *
 * <p>Collect metadata with the {@code put*} methods and declare tensors with {@link #addTensor} (name,
 * type, dimensions fastest-varying first, and a {@link TensorData} callback). {@link #write(Path)} then
 * computes every offset (padding each tensor to {@code general.alignment}, default 32), writes the header,
 * and calls each tensor's callback in order; the callback pushes the tensor's values as floats, which are
 * encoded (F32, F16, or Q8_0) and written as they arrive, so no tensor is ever held in memory whole. The
 * file appears under its name only when complete (it is written to a sibling temporary file first).
 *
 * <p>A writer is a mutable builder for one file, not thread-safe.
 */
public final class GgufWriter {

    /** Receives a tensor's values in storage order (the first dimension varies fastest). */
    public interface FloatSink {
        /** Appends one value. */
        void put(float value) throws IOException;

        /** Appends values[from, to). */
        default void put(float[] values, int from, int to) throws IOException {
            for (int i = from; i < to; i++) {
                put(values[i]);
            }
        }
    }

    /** Produces one tensor's values: must put exactly its element count into the sink. */
    @FunctionalInterface
    public interface TensorData {
        void writeTo(FloatSink sink) throws IOException;
    }

    private record Entry(GgufValueType type, GgufValueType elementType, Object value) {
    }

    private record Tensor(String name, GgmlType type, List<Long> dimensions, TensorData data) {
    }

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new LinkedHashSet<>();

    /** A string value. */
    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    /** A uint32 value (0 to 2^32-1). */
    public GgufWriter putUint32(String key, long value) {
        return put(key, GgufValueType.UINT32, value);
    }

    /** An int32 value. */
    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    /** A float32 value. */
    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    /** A bool value. */
    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    /**
     * A scalar of any type: integer types take an Integer/Long/Short/Byte in the type's range (uint64 takes
     * any long, read as unsigned), float types any Number, BOOL a Boolean, STRING a String. A key put twice
     * keeps its first position and its last value.
     */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        if (type == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("use putArray for arrays");
        }
        checkValue(key, type, value);
        metadata.put(Objects.requireNonNull(key, "key"), new Entry(type, null, value));
        return this;
    }

    /** An array whose elements follow the rules of {@link #put(String, GgufValueType, Object)}. */
    public GgufWriter putArray(String key, GgufValueType elementType, List<?> values) {
        if (elementType == GgufValueType.ARRAY) {
            throw new IllegalArgumentException("arrays of arrays are not supported (nor by llama.cpp)");
        }
        List<?> copy = List.copyOf(values);
        for (Object v : copy) {
            checkValue(key, elementType, v);
        }
        metadata.put(Objects.requireNonNull(key, "key"), new Entry(GgufValueType.ARRAY, elementType, copy));
        return this;
    }

    /** A string array, e.g. a vocabulary. */
    public GgufWriter putStringArray(String key, List<String> values) {
        return putArray(key, GgufValueType.STRING, values);
    }

    /** A float32 array, e.g. token scores. */
    public GgufWriter putFloat32Array(String key, float[] values) {
        metadata.put(Objects.requireNonNull(key, "key"),
                new Entry(GgufValueType.ARRAY, GgufValueType.FLOAT32, values.clone()));
        return this;
    }

    /** An int32 array, e.g. token types. */
    public GgufWriter putInt32Array(String key, int[] values) {
        metadata.put(Objects.requireNonNull(key, "key"),
                new Entry(GgufValueType.ARRAY, GgufValueType.INT32, values.clone()));
        return this;
    }

    /**
     * Declares the next tensor.
     *
     * @param type       F32, F16 or Q8_0 (Q8_0 rows, the first dimension, must be a multiple of 32)
     * @param dimensions element counts, fastest-varying first: a [rows x cols] matrix is {@code cols, rows}
     * @param data       called during {@link #write(Path)} to stream the values
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dimensions, TensorData data) {
        Objects.requireNonNull(data, "data");
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.Q8_0) {
            throw new IllegalArgumentException("tensor '" + name + "': cannot write " + type
                    + " (only F32, F16 and Q8_0)");
        }
        if (dimensions.length == 0 || dimensions.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "' needs 1 to 4 dimensions");
        }
        if (dimensions[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': row length " + dimensions[0]
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        List<Long> dims = java.util.Arrays.stream(dimensions).boxed().toList();
        new GgufTensorInfo(name, dims, type, 0).elementCount(); // validates, fails on overflow
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        tensors.add(new Tensor(name, type, dims, data));
        return this;
    }

    /** Writes the file (replacing an existing one) and returns its size in bytes. */
    public long write(Path file) throws IOException {
        int alignment = alignment();
        List<GgufTensorInfo> infos = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Tensor t : tensors) {
            GgufTensorInfo info = new GgufTensorInfo(t.name(), t.dimensions(), t.type(), offset);
            infos.add(info);
            offset += align(info.byteSize(), alignment);
        }
        Path absolute = file.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
        try {
            long size;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                GgufOutput out = new GgufOutput(channel);
                writeHeader(out, infos, alignment);
                for (int i = 0; i < tensors.size(); i++) {
                    GgufTensorInfo info = infos.get(i);
                    TensorEncoder encoder = new TensorEncoder(out, info.type(), info.name(), info.elementCount());
                    tensors.get(i).data().writeTo(encoder);
                    encoder.finish();
                    out.padTo(alignment);
                }
                out.flush();
                size = out.position();
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeHeader(GgufOutput out, List<GgufTensorInfo> infos, int alignment) throws IOException {
        out.u32(GgufReader.MAGIC);
        out.u32(3);
        out.u64(infos.size());
        out.u64(metadata.size());
        for (Map.Entry<String, Entry> e : metadata.entrySet()) {
            Entry entry = e.getValue();
            out.string(e.getKey());
            out.u32(entry.type().id());
            if (entry.type() == GgufValueType.ARRAY) {
                writeArray(out, entry.elementType(), entry.value());
            } else {
                writeScalar(out, entry.type(), entry.value());
            }
        }
        for (GgufTensorInfo info : infos) {
            out.string(info.name());
            out.u32(info.dimensions().size());
            for (long d : info.dimensions()) {
                out.u64(d);
            }
            out.u32(info.type().id());
            out.u64(info.offset());
        }
        out.padTo(alignment);
    }

    private static void writeArray(GgufOutput out, GgufValueType elementType, Object values) throws IOException {
        out.u32(elementType.id());
        if (values instanceof float[] floats) {
            out.u64(floats.length);
            for (float f : floats) {
                out.f32(f);
            }
        } else if (values instanceof int[] ints) {
            out.u64(ints.length);
            for (int i : ints) {
                out.u32(i);
            }
        } else {
            List<?> list = (List<?>) values;
            out.u64(list.size());
            for (Object v : list) {
                writeScalar(out, elementType, v);
            }
        }
    }

    private static void writeScalar(GgufOutput out, GgufValueType type, Object value) throws IOException {
        switch (type) {
            case UINT8, INT8 -> out.u8(((Number) value).intValue());
            case UINT16, INT16 -> out.u16(((Number) value).intValue());
            case UINT32, INT32 -> out.u32((int) ((Number) value).longValue());
            case UINT64, INT64 -> out.u64(((Number) value).longValue());
            case FLOAT32 -> out.f32(((Number) value).floatValue());
            case FLOAT64 -> out.f64(((Number) value).doubleValue());
            case BOOL -> out.u8((Boolean) value ? 1 : 0);
            case STRING -> out.string((String) value);
            case ARRAY -> throw new IllegalArgumentException("nested array");
        }
    }

    private int alignment() {
        Entry entry = metadata.get("general.alignment");
        if (entry == null) {
            return GgufReader.DEFAULT_ALIGNMENT;
        }
        long a = entry.type() == GgufValueType.UINT32 ? ((Number) entry.value()).longValue() : 0;
        if (a == 0 || (a & (a - 1)) != 0) {
            throw new IllegalStateException("general.alignment must be a uint32 power of two");
        }
        return (int) a;
    }

    private static long align(long n, int alignment) {
        return n + (alignment - n % alignment) % alignment;
    }

    private static void checkValue(String key, GgufValueType type, Object value) {
        boolean ok = switch (type) {
            case UINT8 -> integerIn(value, 0, 0xFF);
            case INT8 -> integerIn(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> integerIn(value, 0, 0xFFFF);
            case INT16 -> integerIn(value, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> integerIn(value, 0, 0xFFFF_FFFFL);
            case INT32 -> integerIn(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case UINT64, INT64 -> integerIn(value, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32, FLOAT64 -> value instanceof Number;
            case BOOL -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case ARRAY -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("key '" + key + "': " + value + " is not a valid " + type.specName());
        }
    }

    private static boolean integerIn(Object value, long min, long max) {
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            return false;
        }
        long v = ((Number) value).longValue();
        return v >= min && v <= max;
    }
}
