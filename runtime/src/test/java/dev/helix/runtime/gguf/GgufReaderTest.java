package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GgufReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "Q8_0"})
    void readsEveryFieldOfAGeneratedModel(GgmlType type) throws IOException {
        RandomLlamaModel model = RandomLlamaModel.tiny().withTensorType(type);
        Path file = TestModels.custom(model);

        GgufMetadata m = GgufReader.read(file);

        assertEquals(3, m.version());
        assertEquals("llama", m.architecture());
        assertEquals("helix-random-tiny", m.name());
        assertEquals(328_256, m.parameterCount());
        assertEquals(model.parameterCount(), m.parameterCount());
        assertEquals("328K", m.parameterSize());
        assertEquals(model.fileType(), m.fileType());
        assertEquals(type.name(), m.quantization());
        assertEquals(2048, m.contextLength());
        assertEquals(64, m.embeddingLength());
        assertEquals(4, m.blockCount());
        assertEquals(4, m.headCount());
        assertEquals(2, m.headCountKv());
        assertEquals(RandomLlamaModel.CHATML_TEMPLATE, m.chatTemplate());
        assertEquals("llama", m.tokenizerModel());
        assertEquals(1, m.bosTokenId());
        assertEquals(2, m.eosTokenId());
        assertTrue(m.addBosToken());
        assertNull(m.poolingType());
        assertEquals(1024, m.vocabularySize());
        assertEquals(2 + 4 * 9 + 1, m.tensorCount());
        assertEquals(Files.size(file), m.fileSize());
        assertEquals(0, m.dataOffset() % 32);

        assertEquals(16, m.integer("llama.rope.dimension_count").orElseThrow());
        assertEquals(192, m.integer("llama.feed_forward_length").orElseThrow());
        assertEquals(1.0e-5, m.number("llama.attention.layer_norm_rms_epsilon").orElseThrow());
        assertEquals(10_000.0, m.number("llama.rope.freq_base").orElseThrow());
        assertEquals(0, m.integer("tokenizer.ggml.unknown_token_id").orElseThrow());
        assertEquals(true, m.bool("tokenizer.ggml.add_bos_token").orElseThrow());
        assertEquals("llama", m.string("general.architecture").orElseThrow());

        GgufMetadata.ArrayValue tokens = m.array("tokenizer.ggml.tokens").orElseThrow();
        assertEquals("string", tokens.elementType());
        assertEquals(1024, tokens.length());
        assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>", "<0x01>"), tokens.head().subList(0, 5));
        assertEquals(GgufMetadata.ARRAY_HEAD_LIMIT, tokens.head().size());
        GgufMetadata.ArrayValue types = m.array("tokenizer.ggml.token_type").orElseThrow();
        assertEquals("int32", types.elementType());
        assertEquals(List.of(2L, 3L, 3L, 6L), types.head().subList(0, 4));
        assertEquals("float32", m.array("tokenizer.ggml.scores").orElseThrow().elementType());

        GgufTensorInfo embeddings = m.tensors().get(0);
        assertEquals("token_embd.weight", embeddings.name());
        assertEquals(List.of(64L, 1024L), embeddings.dimensions());
        assertEquals(type, embeddings.type());
        assertEquals(0, embeddings.offset());
        assertEquals(GgmlType.F32, m.tensor("blk.0.attn_norm.weight").orElseThrow().type());
        assertEquals(List.of(64L, 32L), m.tensor("blk.3.attn_k.weight").orElseThrow().dimensions());
        assertEquals(List.of(192L, 64L), m.tensor("blk.1.ffn_down.weight").orElseThrow().dimensions());
        GgufTensorInfo last = m.tensors().get(m.tensors().size() - 1);
        assertEquals("output.weight", last.name());
        assertEquals(m.fileSize(), m.dataOffset() + last.offset() + last.byteSize());
    }

    @Test
    void metadataKeepsFileOrderAndIsImmutable() {
        GgufMetadata m = GgufReader.read(TestModels.tiny());
        List<String> keys = List.copyOf(m.metadata().keySet());
        assertEquals("general.architecture", keys.get(0));
        assertEquals("tokenizer.chat_template", keys.get(keys.size() - 1));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> m.metadata().put("x", 1L));
    }

    @Test
    void modelWithoutTemplateHasNoTemplate() {
        GgufMetadata m = GgufReader.read(TestModels.tinyWithoutTemplate());
        assertNull(m.chatTemplate());
        assertTrue(m.chatTemplateIfAny().isEmpty());
        assertFalse(m.metadata().containsKey("tokenizer.chat_template"));
    }

    @Test
    void quantizationIsGuessedFromTheMostCommonTensorTypeWithoutFileType() throws IOException {
        GgufWriter writer = new GgufWriter().putString("general.architecture", "llama");
        writer.addTensor("a", GgmlType.F32, new long[] {4}, sink -> fill(sink, 4));
        writer.addTensor("b", GgmlType.Q8_0, new long[] {32}, sink -> fill(sink, 32));
        writer.addTensor("c", GgmlType.Q8_0, new long[] {32, 2}, sink -> fill(sink, 64));
        Path file = dir.resolve("guess.gguf");
        writer.write(file);

        GgufMetadata m = GgufReader.read(file);

        assertEquals(-1, m.fileType());
        assertEquals("Q8_0", m.quantization());
        assertEquals(100, m.parameterCount());
        assertEquals("100", m.parameterSize());
    }

    @Test
    void unknownFileTypeIsNamedUnknown() throws IOException {
        Path file = dir.resolve("ftype.gguf");
        new GgufWriter().putUint32("general.file_type", 4).write(file);
        assertEquals("unknown", GgufReader.read(file).quantization());
        new GgufWriter().putUint32("general.file_type", 15).write(file);
        assertEquals("Q4_K_M", GgufReader.read(file).quantization());
    }

    @Test
    void addBosDefaultsFollowLlamaCpp() throws IOException {
        assertTrue(addBos(Map.of("tokenizer.ggml.model", "llama")));
        assertFalse(addBos(Map.of("tokenizer.ggml.model", "gpt2")));
        assertTrue(addBos(Map.of("tokenizer.ggml.model", "gpt2", "tokenizer.ggml.pre", "llama-bpe")));
        assertFalse(addBos(Map.of("tokenizer.ggml.model", "t5")));
        assertFalse(addBos(Map.of()));
    }

    @Test
    void explicitAddBosWins() throws IOException {
        Path file = dir.resolve("bos.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "llama").putBool("tokenizer.ggml.add_bos_token", false)
                .write(file);
        assertFalse(GgufReader.read(file).addBosToken());
    }

    @Test
    void architectureKeysAndPerLayerHeadCounts() throws IOException {
        Path file = dir.resolve("bert.gguf");
        new GgufWriter().putString("general.architecture", "bert")
                .putUint32("bert.context_length", 512)
                .putUint32("bert.embedding_length", 384)
                .putUint32("bert.block_count", 12)
                .putUint32("bert.pooling_type", 1)
                .putArray("bert.attention.head_count", GgufValueType.INT32, List.of(8, 12, 4))
                .putUint32("tokenizer.ggml.bos_token_id", 101)
                .write(file);

        GgufMetadata m = GgufReader.read(file);

        assertEquals(512, m.contextLength());
        assertEquals(384, m.embeddingLength());
        assertEquals(12, m.blockCount());
        assertEquals(1, m.poolingType());
        assertEquals(12, m.headCount());
        assertEquals(12, m.headCountKv());
        assertEquals(101, m.bosTokenId());
        assertNull(m.eosTokenId());
        assertNull(m.name());
        assertEquals(0, m.vocabularySize());
        assertEquals("unknown", m.quantization());
    }

    @Test
    void readsOnlyTheHeaderOfAFourGigabyteFile() throws IOException {
        byte[] header = GgufBytes.header(3, 1, 1).kvString("general.architecture", "llama")
                .tensor("big", GgmlType.F32, 0, 1024, 1 << 20).pad().bytes();
        Path file = dir.resolve("big.gguf");
        long size = header.length + 4L * 1024 * (1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(header));
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1); // sparse: nothing in between is on disk
        }

        long before = bytesReadByThisProcess();
        GgufMetadata m = GgufReader.read(file);
        long read = bytesReadByThisProcess() - before;

        assertEquals(1L << 30, m.parameterCount());
        assertEquals("1.1B", m.parameterSize());
        assertEquals(size, m.fileSize());
        assertEquals("F32", m.quantization());
        // Bytes, not milliseconds: a whole read would be 4 GiB; the header is a few KiB (the JVM's other threads
        // may read a little meanwhile).
        assertTrue(read < 16L << 20, "read " + read + " bytes of a " + size + "-byte file");
    }

    /** Bytes this process has read through read(2) and pread(2) so far: /proc/self/io's rchar (Linux). */
    private static long bytesReadByThisProcess() throws IOException {
        Path io = Path.of("/proc/self/io");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(io), "needs /proc/self/io (Linux)");
        return Files.readAllLines(io).stream().filter(l -> l.startsWith("rchar:"))
                .mapToLong(l -> Long.parseLong(l.substring("rchar:".length()).trim())).findFirst().orElseThrow();
    }

    @Test
    void parameterSizeFormatsLikeOllama() {
        assertEquals("0", GgufMetadata.humanNumber(0));
        assertEquals("999", GgufMetadata.humanNumber(999));
        assertEquals("1K", GgufMetadata.humanNumber(1_000));
        assertEquals("260K", GgufMetadata.humanNumber(260_000));
        assertEquals("293K", GgufMetadata.humanNumber(292_800));
        assertEquals("1M", GgufMetadata.humanNumber(1_000_000));
        assertEquals("494.03M", GgufMetadata.humanNumber(494_032_768));
        assertEquals("15.14M", GgufMetadata.humanNumber(15_143_040));
        assertEquals("1B", GgufMetadata.humanNumber(1_000_000_000));
        assertEquals("1.1B", GgufMetadata.humanNumber(1_100_048_384));
        assertEquals("7.2B", GgufMetadata.humanNumber(7_241_732_096L));
        assertEquals("8.0B", GgufMetadata.humanNumber(8_030_261_248L));
        assertEquals("70.6B", GgufMetadata.humanNumber(70_553_706_496L));
    }

    private boolean addBos(Map<String, String> strings) throws IOException {
        GgufWriter writer = new GgufWriter();
        strings.forEach(writer::putString);
        Path file = dir.resolve("addbos.gguf");
        writer.write(file);
        return GgufReader.read(file).addBosToken();
    }

    static void fill(GgufWriter.FloatSink sink, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            sink.put(i);
        }
    }
}
