package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed input fails with a GgufFormatException that says what and where, never anything else. */
class GgufReaderMalformedTest {

    private static final long HUGE = 1L << 62;

    @TempDir
    Path dir;

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "not a GGUF file: only 0 bytes"),
                Arguments.of("ELF", new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0},
                        "not a GGUF file: bad magic 0x7F454C46"),
                Arguments.of("v1", GgufBytes.header(1, 0, 0).bytes(), "unsupported GGUF version 1"),
                Arguments.of("v4", GgufBytes.header(4, 0, 0).bytes(), "unsupported GGUF version 4"),
                Arguments.of("big-endian", GgufBytes.header(0x0300_0000, 0, 0).bytes(), "big-endian"),
                Arguments.of("absurd tensor count", GgufBytes.header(3, HUGE, 0).bytes(),
                        "absurd tensor count 4611686018427387904 (only 8 bytes follow) at byte 8"),
                Arguments.of("absurd key count", GgufBytes.header(3, 0, -1).bytes(),
                        "absurd metadata key/value count 18446744073709551615 (only 0 bytes follow) at byte 16"),
                Arguments.of("key length past the end", GgufBytes.header(3, 0, 1).u64(1000).zeros(16).bytes(),
                        "string length 1000 exceeding the 16 bytes left in the file at byte 24 while reading key #0"),
                Arguments.of("negative string length", GgufBytes.header(3, 0, 1).str("k")
                        .u32(GgufValueType.STRING.id()).u64(-1).zeros(20).bytes(),
                        "string length 18446744073709551615 exceeding the 20 bytes left in the file at byte 37"),
                Arguments.of("unknown value type", GgufBytes.header(3, 0, 1).str("k").u32(13).u32(0).bytes(),
                        "unknown value type 13 at byte 33 while reading the value of key #0 'k'"),
                Arguments.of("absurd array length", GgufBytes.header(3, 0, 1).str("tokenizer.ggml.tokens")
                        .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.STRING.id()).u64(HUGE).zeros(64).bytes(),
                        "absurd array length 4611686018427387904 (string elements take at least 8 bytes each "
                        + "and only 64 bytes follow) at byte 61"),
                Arguments.of("absurd uint32 array length", GgufBytes.header(3, 0, 1).str("a")
                        .u32(GgufValueType.ARRAY.id()).u32(GgufValueType.UINT32.id()).u64(17).zeros(64).bytes(),
                        "absurd array length 17"),
                Arguments.of("nested array", GgufBytes.header(3, 0, 1).str("a").u32(GgufValueType.ARRAY.id())
                        .u32(GgufValueType.ARRAY.id()).u64(0).bytes(), "nested array"),
                Arguments.of("duplicate key", GgufBytes.header(3, 0, 2).kvUint32("a", 1).kvUint32("a", 2).bytes(),
                        "duplicate key 'a' at byte 41"),
                Arguments.of("alignment not a power of two", GgufBytes.header(3, 0, 1)
                        .kvUint32("general.alignment", 24).bytes(), "general.alignment 24 is not a power of two"),
                Arguments.of("alignment of the wrong type", GgufBytes.header(3, 0, 1)
                        .kvString("general.alignment", "32").bytes(), "general.alignment must be a uint32"),
                Arguments.of("five dimensions", GgufBytes.header(3, 1, 0)
                        .tensor("t", GgmlType.F32, 0, 1, 1, 1, 1, 1).pad().zeros(32).bytes(),
                        "5 dimensions (GGUF tensors have at most 4) at byte 33 while reading tensor info #0 't'"),
                Arguments.of("negative dimension", GgufBytes.header(3, 1, 0).tensor("t", GgmlType.F32, 0, -4)
                        .pad().bytes(), "dimension 0 = 18446744073709551612"),
                Arguments.of("overflowing element count", GgufBytes.header(3, 1, 0)
                        .tensor("t", GgmlType.F32, 0, HUGE, HUGE).pad().bytes(), "overflows"),
                Arguments.of("unknown tensor type", GgufBytes.header(3, 1, 0).str("t").u32(1).u64(4).u32(99).u64(0)
                        .pad().bytes(), "unknown ggml type 99 at byte 45"),
                Arguments.of("row not a multiple of the block", GgufBytes.header(3, 1, 0)
                        .tensor("t", GgmlType.Q8_0, 0, 33).pad().zeros(64).bytes(),
                        "row length 33 that is not a multiple of the Q8_0 block size 32"),
                Arguments.of("unaligned offset", GgufBytes.header(3, 1, 0).tensor("t", GgmlType.F32, 4, 1)
                        .pad().zeros(64).bytes(), "data offset 4 that is not a multiple of the alignment 32"),
                Arguments.of("duplicate tensor", GgufBytes.header(3, 2, 0).tensor("t", GgmlType.F32, 0, 1)
                        .tensor("t", GgmlType.F32, 32, 1).pad().zeros(64).bytes(), "duplicate tensor name at byte 57 while reading tensor info #1 't'"),
                Arguments.of("tensor data past the end", GgufBytes.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 16)
                        .pad().zeros(63).bytes(), "the data of tensor #0 't' (64 bytes at byte 64 + 0) extends "
                        + "past the end of the file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void malformedHeaderFailsWithAMessageSayingWhatAndWhere(String what, byte[] bytes, String expected) {
        Path file = new GgufBytes().put(bytes).writeTo(dir.resolve("bad.gguf"));

        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufReader.read(file));

        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }

    @Test
    void everyTruncationOfAFileWithEveryValueTypeFails() throws IOException {
        Path file = dir.resolve("all-types.gguf");
        GgufWriterTest.writerWithEveryValueType()
                .addTensor("t", GgmlType.Q8_0, new long[] {32, 2}, sink -> GgufReaderTest.fill(sink, 64))
                .addTensor("u", GgmlType.F16, new long[] {3}, sink -> GgufReaderTest.fill(sink, 3))
                .write(file);
        GgufReader.read(file); // the whole file is fine
        assertEveryTruncationFails(file, 1);
    }

    @Test
    void truncatingAGeneratedModelAnywhereFails() throws IOException {
        Path file = TestModels.copyOf(TestModels.custom(RandomLlamaModel.tiny().withTensorType(GgmlType.Q8_0)),
                dir, "tiny.gguf");
        assertEveryTruncationFails(file, 61);
    }

    @Test
    void mutatedHeadersFailOnlyWithGgufFormatException() throws IOException {
        Path original = dir.resolve("original.gguf");
        GgufWriterTest.writerWithEveryValueType()
                .addTensor("t", GgmlType.F32, new long[] {8}, sink -> GgufReaderTest.fill(sink, 8))
                .write(original);
        byte[] bytes = Files.readAllBytes(original);
        SplittableRandom random = new SplittableRandom(7);
        Path file = dir.resolve("mutated.gguf");
        for (int round = 0; round < 2_000; round++) {
            byte[] mutated = bytes.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length - 32)] = (byte) random.nextInt(256);
            }
            Files.write(file, mutated);
            try {
                GgufReader.read(file);
            } catch (GgufFormatException expected) {
                String message = expected.getMessage();
                assertTrue(message.contains(" byte ") || message.startsWith("unsupported GGUF version"), message);
            } catch (RuntimeException | Error e) {
                fail("round " + round + ": " + e, e);
            }
        }
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(java.io.UncheckedIOException.class, () -> GgufReader.read(dir.resolve("missing.gguf")));
    }

    /**
     * Truncates the file step by step from the end of its last tensor's data (the padding after it is not
     * needed) to nothing, reading it at every stride-th length.
     */
    private static void assertEveryTruncationFails(Path file, int stride) throws IOException {
        long size = Files.size(file);
        GgufMetadata m = GgufReader.read(file);
        GgufTensorInfo last = m.tensors().get(m.tensors().size() - 1);
        long end = m.dataOffset() + last.offset() + last.byteSize();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long next = end - 1; next >= 0; next -= stride) {
                long length = next;
                channel.truncate(length);
                GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufReader.read(file),
                        "truncated to " + length + " of " + size + " bytes");
                String message = e.getMessage();
                assertTrue(List.of("truncated at byte " + length, "absurd", "exceeding", "only " + length + " bytes")
                        .stream().anyMatch(message::contains), () -> "length " + length + ": " + message);
            }
        }
    }
}
