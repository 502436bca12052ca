package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a GGUF file the way llama.cpp's {@code gguf-split --split-max-tensors} does (examples/gguf-split, b4980):
 * every part is a complete GGUF file named {@code PREFIX-%05d-of-%05d.gguf}; the first carries every key/value of
 * the source followed by the three split keys, later parts only the split keys; tensors keep their order and are
 * dealt out in runs of equal length. The split keys (llama-arch.cpp {@code LLM_KV_SPLIT_*}) are
 * {@code split.no} (uint16, 0-based), {@code split.count} (uint16) and {@code split.tensors.count} (int32, the
 * tensors of all parts). llama.cpp's loader (llama-model-loader.cpp) is given the first part, reads
 * {@code split.count}, refuses a first file whose {@code split.no} is not 0, derives the other names from the
 * first one's, checks each one's {@code split.no} and that the tensors found add up to {@code split.tensors.count}.
 *
 * <p>Tensor data goes through {@link GgufWriter}, which encodes floats: F32 and F16 sources are copied bit for bit
 * (an F16 value survives the round trip through float); other types are refused rather than approximated.
 */
public final class GgufSplitWriter {
    public static final String SPLIT_NO = "split.no";
    public static final String SPLIT_COUNT = "split.count";
    public static final String SPLIT_TENSORS_COUNT = "split.tensors.count";
    private static final int MAX_STRING_BYTES = 16 << 20;

    private GgufSplitWriter() {}

    /** The name of part {@code number} (1-based) of {@code count}, as llama.cpp's {@code llama_split_path}. */
    public static String partName(String prefix, int number, int count) {
        return String.format("%s-%05d-of-%05d.gguf", prefix, number, count);
    }

    /**
     * Writes {@code source} as {@code count} parts in {@code directory} and returns their paths, first part first.
     *
     * @throws IllegalArgumentException when there are fewer tensors than parts, or a tensor is neither F32 nor F16
     */
    public static List<Path> split(Path source, Path directory, String prefix, int count) throws IOException {
        GgufMetadata header = GgufReader.read(source);
        List<GgufTensorInfo> tensors = header.tensors();
        if (count < 2 || count > 0xFFFF || tensors.size() < count) {
            throw new IllegalArgumentException("cannot split " + tensors.size() + " tensors into " + count + " parts");
        }
        for (GgufTensorInfo t : tensors) {
            if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16) {
                throw new IllegalArgumentException("tensor " + t.name() + " is " + t.type() + ": only F32 and F16 "
                        + "are copied exactly");
            }
        }
        var parts = new ArrayList<Path>(count);
        try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
            int perPart = (tensors.size() + count - 1) / count;
            for (int part = 0; part < count; part++) {
                GgufWriter writer = new GgufWriter();
                if (part == 0) {
                    copyKeyValues(channel, writer);
                }
                writer.put(SPLIT_NO, GgufValueType.UINT16, part)
                        .put(SPLIT_COUNT, GgufValueType.UINT16, count)
                        .putInt32(SPLIT_TENSORS_COUNT, tensors.size());
                int from = Math.min(tensors.size(), part * perPart);
                int to = part == count - 1 ? tensors.size() : Math.min(tensors.size(), from + perPart);
                for (GgufTensorInfo t : tensors.subList(from, to)) {
                    long[] dims = t.dimensions().stream().mapToLong(Long::longValue).toArray();
                    writer.addTensor(t.name(), t.type(), dims, sink -> copy(channel, header.dataOffset(), t, sink));
                }
                Path file = directory.resolve(partName(prefix, part + 1, count));
                writer.write(file);
                parts.add(file);
            }
        }
        return parts;
    }

    /** Every key/value of the source header, with its type, in order. */
    private static void copyKeyValues(FileChannel channel, GgufWriter writer) throws IOException {
        GgufInput in = new GgufInput(channel, channel.size());
        in.i32(); // magic, checked by GgufReader.read
        in.i32(); // version
        in.i64(); // tensor count
        long kvCount = in.i64();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string(MAX_STRING_BYTES);
            GgufValueType type = GgufValueType.byId(in.u32());
            if (type == GgufValueType.ARRAY) {
                GgufValueType element = GgufValueType.byId(in.u32());
                long length = in.i64();
                var values = new ArrayList<Object>((int) length);
                for (long j = 0; j < length; j++) {
                    values.add(scalar(in, element));
                }
                writer.putArray(key, element, values);
            } else {
                writer.put(key, type, scalar(in, type));
            }
        }
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
            case FLOAT32 -> in.f32();
            case FLOAT64 -> in.f64();
            case BOOL -> in.u8() != 0;
            case STRING -> in.string(MAX_STRING_BYTES);
            case ARRAY -> throw new IllegalArgumentException("nested array");
        };
    }

    /** Streams one F32 or F16 tensor's values from the source file. */
    private static void copy(FileChannel channel, long dataOffset, GgufTensorInfo t, GgufWriter.FloatSink sink)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(t.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        long at = dataOffset + t.offset();
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, at + bytes.position()) < 0) {
                throw new IOException("truncated tensor " + t.name());
            }
        }
        bytes.flip();
        if (t.type() == GgmlType.F32) {
            while (bytes.hasRemaining()) {
                sink.put(bytes.getFloat());
            }
        } else {
            while (bytes.hasRemaining()) {
                sink.put(Float.float16ToFloat(bytes.getShort()));
            }
        }
    }
}
