package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

    @TempDir
    Path dir;

    /** A writer with one key of every value type, edge values included, and arrays longer than the head. */
    static GgufWriter writerWithEveryValueType() {
        return new GgufWriter()
                .put("u8", GgufValueType.UINT8, 255)
                .put("i8", GgufValueType.INT8, -128)
                .put("u16", GgufValueType.UINT16, 65_535)
                .put("i16", GgufValueType.INT16, (short) -32_768)
                .putUint32("u32", 4_294_967_295L)
                .putInt32("i32", Integer.MIN_VALUE)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", GgufValueType.INT64, Long.MIN_VALUE)
                .putFloat32("f32", 1e-5f)
                .put("f64", GgufValueType.FLOAT64, Math.PI)
                .putBool("bool", true)
                .putString("string", "héllo ▁ 🙂")
                .putString("empty", "")
                .putArray("u8s", GgufValueType.UINT8, IntStream.range(0, 20).boxed().toList())
                .putArray("bools", GgufValueType.BOOL, List.of(true, false))
                .putArray("none", GgufValueType.INT64, List.of())
                .putStringArray("strings", IntStream.range(0, 40).mapToObj(i -> "s" + i).toList())
                .putFloat32Array("floats", new float[] {0.5f, -2f, 3.25f})
                .putInt32Array("ints", new int[] {-1, 0, 7});
    }

    @Test
    void metadataOfEveryTypeRoundTrips() throws IOException {
        Path file = dir.resolve("meta.gguf");
        long size = writerWithEveryValueType().write(file);

        GgufMetadata m = GgufReader.read(file);

        assertEquals(Files.size(file), size);
        assertEquals(255L, m.metadata().get("u8"));
        assertEquals(-128L, m.metadata().get("i8"));
        assertEquals(65_535L, m.metadata().get("u16"));
        assertEquals(-32_768L, m.metadata().get("i16"));
        assertEquals(4_294_967_295L, m.metadata().get("u32"));
        assertEquals((long) Integer.MIN_VALUE, m.metadata().get("i32"));
        assertEquals(-1L, m.metadata().get("u64"), "uint64 max wraps to -1");
        assertEquals(Long.MIN_VALUE, m.metadata().get("i64"));
        assertEquals(1.0e-5, m.metadata().get("f32"), "float32 surfaces as its shortest decimal");
        assertEquals(Math.PI, m.metadata().get("f64"));
        assertEquals(true, m.metadata().get("bool"));
        assertEquals("héllo ▁ 🙂", m.metadata().get("string"));
        assertEquals("", m.metadata().get("empty"));
        assertEquals(new GgufMetadata.ArrayValue("uint8", 20, IntStream.range(0, 16).mapToObj(i -> (Object) (long) i)
                .toList()), m.metadata().get("u8s"));
        assertEquals(new GgufMetadata.ArrayValue("bool", 2, List.of(true, false)), m.metadata().get("bools"));
        assertEquals(new GgufMetadata.ArrayValue("int64", 0, List.of()), m.metadata().get("none"));
        GgufMetadata.ArrayValue strings = m.array("strings").orElseThrow();
        assertEquals(40, strings.length());
        assertEquals("s15", strings.head().get(15));
        assertEquals(new GgufMetadata.ArrayValue("float32", 3, List.of(0.5, -2.0, 3.25)), m.metadata().get("floats"));
        assertEquals(new GgufMetadata.ArrayValue("int32", 3, List.of(-1L, 0L, 7L)), m.metadata().get("ints"));
        assertEquals(0, m.tensorCount());
    }

    @Test
    void f32AndF16TensorsAreStoredLittleEndianAtAlignedOffsets() throws IOException {
        float[] f16Values = {1.0f, -2.0f, 65_504f, 1f / 3, 1e-8f, 0.1f};
        Path file = dir.resolve("tensors.gguf");
        new GgufWriter()
                .addTensor("f32", GgmlType.F32, new long[] {4, 2}, sink -> GgufReaderTest.fill(sink, 8))
                .addTensor("f16", GgmlType.F16, new long[] {6}, sink -> sink.put(f16Values, 0, 6))
                .write(file);

        GgufMetadata m = GgufReader.read(file);
        ByteBuffer data = data(file, m);

        GgufTensorInfo f32 = m.tensor("f32").orElseThrow();
        assertEquals(List.of(4L, 2L), f32.dimensions());
        for (int i = 0; i < 8; i++) {
            assertEquals(i, data.getFloat((int) f32.offset() + 4 * i));
        }
        GgufTensorInfo f16 = m.tensor("f16").orElseThrow();
        assertEquals(32, f16.offset(), "32 bytes of F32 data, padded to the alignment");
        short[] expected = {0x3C00, (short) 0xC000, 0x7BFF, 0x3555, 0x0000, 0x2E66};
        for (int i = 0; i < expected.length; i++) {
            short stored = data.getShort((int) f16.offset() + 2 * i);
            assertEquals(expected[i], stored, "value " + f16Values[i]);
            assertEquals(Float.floatToFloat16(f16Values[i]), stored);
        }
        assertEquals(m.fileSize(), m.dataOffset() + 32 + 32, "every tensor is padded, the last one too");
    }

    @Test
    void q8_0BlocksHoldAnF16ScaleAnd32RoundedInt8s() throws IOException {
        float[] values = new float[96];
        for (int j = 0; j < 32; j++) {
            values[j] = j - 16;                   // block 0: amax 16
            values[32 + j] = 0;                   // block 1: all zero
            values[64 + j] = (float) Math.sin(j); // block 2: arbitrary
        }
        Path file = dir.resolve("q8.gguf");
        new GgufWriter().addTensor("q", GgmlType.Q8_0, new long[] {32, 3}, sink -> sink.put(values, 0, 96))
                .write(file);

        GgufMetadata m = GgufReader.read(file);
        GgufTensorInfo q = m.tensor("q").orElseThrow();
        ByteBuffer data = data(file, m);

        assertEquals(3 * 34, q.byteSize());
        float d0 = Float.float16ToFloat(data.getShort(0));
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(16f / 127)), d0);
        assertEquals(-127, data.get(2), "-16 / d");
        assertEquals(0, data.get(2 + 16));
        assertEquals(8, data.get(2 + 17), "1 / (16/127) = 7.9375 rounds to 8");
        assertEquals(-8, data.get(2 + 15), "rounding is half away from zero, symmetric");
        assertEquals(119, data.get(2 + 31), "15 / d = 119.06");
        assertEquals(0, data.getShort(34), "an all-zero block has scale 0");
        for (int j = 0; j < 32; j++) {
            assertEquals(0, data.get(36 + j));
        }
        float d2 = Float.float16ToFloat(data.getShort(68));
        for (int j = 0; j < 32; j++) {
            float dequantized = d2 * data.get(70 + j);
            assertEquals(values[64 + j], dequantized, d2 * 0.6f, "element " + j);
        }
    }

    @Test
    void customAlignmentPadsHeaderAndTensors() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        new GgufWriter().putUint32("general.alignment", 64)
                .addTensor("a", GgmlType.F32, new long[] {3}, sink -> GgufReaderTest.fill(sink, 3))
                .addTensor("b", GgmlType.F32, new long[] {3}, sink -> GgufReaderTest.fill(sink, 3))
                .write(file);

        GgufMetadata m = GgufReader.read(file);

        assertEquals(0, m.dataOffset() % 64);
        assertEquals(64, m.tensor("b").orElseThrow().offset());
    }

    @Test
    void tensorDataIsRequestedInDeclarationOrder() throws IOException {
        List<String> calls = new ArrayList<>();
        GgufWriter writer = new GgufWriter();
        for (String name : List.of("z", "a", "m")) {
            writer.addTensor(name, GgmlType.F16, new long[] {2}, sink -> {
                calls.add(name);
                GgufReaderTest.fill(sink, 2);
            });
        }
        writer.write(dir.resolve("order.gguf"));
        assertEquals(List.of("z", "a", "m"), calls);
    }

    @Test
    void wrongValueCountsFailAndLeaveNoFile() {
        Path file = dir.resolve("short.gguf");
        GgufWriter tooFew = new GgufWriter()
                .addTensor("t", GgmlType.F32, new long[] {4}, sink -> GgufReaderTest.fill(sink, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tooFew.write(file));
        assertEquals("tensor 't' takes 4 values; got 3", e.getMessage());
        GgufWriter tooMany = new GgufWriter()
                .addTensor("t", GgmlType.F16, new long[] {4}, sink -> GgufReaderTest.fill(sink, 5));
        assertThrows(IllegalStateException.class, () -> tooMany.write(file));
        assertFalse(Files.exists(file));
        assertEquals(0, dir.toFile().list().length, "no temporary file left behind");
    }

    @Test
    void invalidDeclarationsAreRejected() {
        GgufWriter writer = new GgufWriter();
        GgufWriter.TensorData none = sink -> { };
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("q", GgmlType.Q8_0, new long[] {33}, none));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("k", GgmlType.Q4_K, new long[] {256}, none));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("n", GgmlType.F32, new long[] {-1}, none));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("d", GgmlType.F32, new long[0], none));
        writer.addTensor("t", GgmlType.F32, new long[] {1}, none);
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("t", GgmlType.F32, new long[] {1}, none));
        assertThrows(IllegalArgumentException.class, () -> writer.put("k", GgufValueType.UINT8, 256));
        assertThrows(IllegalArgumentException.class, () -> writer.put("k", GgufValueType.INT32, 1.5));
        assertThrows(IllegalArgumentException.class, () -> writer.putUint32("k", -1));
        assertThrows(IllegalArgumentException.class, () -> writer.put("k", GgufValueType.STRING, 3));
        assertThrows(IllegalArgumentException.class, () -> writer.putArray("k", GgufValueType.ARRAY, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> writer.putArray("k", GgufValueType.INT8, List.of(1, 2, 300)));
    }

    @Test
    void roundHalfAwayFromZeroMatchesCRoundf() {
        assertEquals(3, TensorEncoder.roundHalfAwayFromZero(2.5f));
        assertEquals(-3, TensorEncoder.roundHalfAwayFromZero(-2.5f));
        assertEquals(0, TensorEncoder.roundHalfAwayFromZero(0.49999997f));
        assertEquals(-127, TensorEncoder.roundHalfAwayFromZero(-127f));
        assertTrue(TensorEncoder.roundHalfAwayFromZero(-0.4f) == 0);
    }

    /** The data section of a file, little-endian, position 0 at {@link GgufMetadata#dataOffset()}. */
    static ByteBuffer data(Path file, GgufMetadata m) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, (int) m.dataOffset(), bytes.length - (int) m.dataOffset()).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
    }
}
