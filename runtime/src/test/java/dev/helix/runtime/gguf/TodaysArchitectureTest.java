package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qwen3, Gemma 3 and Gemma 3n writers put the keys and tensors the current llama.cpp asks for, with its shapes
 * (that llama.cpp loads them is {@link CurrentLlamaCppLoadsTodaysModelsTest}); the same shape gives the same bytes.
 */
class TodaysArchitectureTest {
    private static final RandomLlamaModel SHAPE = TodaysArchitecture.smallestShape();

    @TempDir
    Path dir;

    private static long[] dims(GgufMetadata m, String tensor) {
        return m.tensor(tensor).orElseThrow(() -> new AssertionError("no tensor " + tensor)).dimensions().stream()
                .mapToLong(Long::longValue).toArray();
    }

    @Test
    void qwen3HasPerHeadQueryAndKeyNormsAndItsOwnOutput() throws IOException {
        Path file = dir.resolve("qwen3.gguf");
        TodaysArchitecture.QWEN3.write(SHAPE, file);
        GgufMetadata m = GgufReader.read(file);

        assertEquals("qwen3", m.architecture());
        assertEquals(6, m.blockCount());
        assertEquals(16, m.integer("qwen3.attention.key_length").orElseThrow());
        assertTrue(m.metadata().containsKey("qwen3.attention.layer_norm_rms_epsilon"));
        assertArrayEquals(new long[] {16}, dims(m, "blk.5.attn_q_norm.weight"));
        assertArrayEquals(new long[] {16}, dims(m, "blk.5.attn_k_norm.weight"));
        assertArrayEquals(new long[] {64, 32}, dims(m, "blk.0.attn_k.weight"), "two KV heads of 16");
        assertArrayEquals(new long[] {64, 1024}, dims(m, "output.weight"));
        assertEquals(2 + 11 * 6 + 1, m.tensors().size(), "embeddings, 11 per block, output norm and output");
        assertTrue(m.tensor("blk.0.post_attention_norm.weight").isEmpty());
    }

    @Test
    void gemma3HasPostNormsSlidingWindowsAndTiedEmbeddings() throws IOException {
        Path file = dir.resolve("gemma3.gguf");
        TodaysArchitecture.GEMMA3.write(SHAPE, file);
        GgufMetadata m = GgufReader.read(file);

        assertEquals("gemma3", m.architecture());
        assertEquals(512, m.integer("gemma3.attention.sliding_window").orElseThrow());
        assertEquals(6, m.integer("gemma3.attention.sliding_window_pattern").orElseThrow());
        assertTrue(m.metadata().containsKey("gemma3.rope.freq_base_swa"));
        for (String norm : List.of("post_attention_norm", "post_ffw_norm", "ffn_norm", "attn_norm")) {
            assertArrayEquals(new long[] {64}, dims(m, "blk.3." + norm + ".weight"), norm);
        }
        assertArrayEquals(new long[] {16}, dims(m, "blk.3.attn_q_norm.weight"));
        assertTrue(m.tensor("output.weight").isEmpty(), "Gemma ties its output to the token embeddings");
        assertEquals(2 + 13 * 6, m.tensors().size(), "embeddings, 13 per block, output norm");
    }

    @Test
    void gemma3nHasPerLayerInputsAltUpAndLaurelWithLlamaCppsFixedWidths() throws IOException {
        Path file = dir.resolve("gemma3n.gguf");
        long size = TodaysArchitecture.GEMMA3N.write(SHAPE, file);
        GgufMetadata m = GgufReader.read(file);

        assertEquals("gemma3n", m.architecture());
        assertEquals(List.of(true, true, true, true, false, true),
                m.array("gemma3n.attention.sliding_window_pattern").orElseThrow().head(), "global on one in five");
        assertEquals(4, m.integer("gemma3n.altup.num_inputs").orElseThrow());
        assertEquals(256, m.integer("gemma3n.embedding_length_per_layer_input").orElseThrow());
        assertEquals(0, m.integer("gemma3n.attention.shared_kv_layers").orElseThrow(), "six blocks: none shares");
        assertArrayEquals(new long[] {256 * 6, 1024}, dims(m, "per_layer_token_embd.weight"));
        assertArrayEquals(new long[] {64, 256 * 6}, dims(m, "per_layer_model_proj.weight"));
        assertArrayEquals(new long[] {64, 64, 3}, dims(m, "altup_proj.weight"));
        assertArrayEquals(new long[] {64, 64, 3}, dims(m, "altup_unembd_proj.weight"));
        assertArrayEquals(new long[] {64, 256}, dims(m, "blk.5.inp_gate.weight"));
        assertArrayEquals(new long[] {256, 64}, dims(m, "blk.5.proj.weight"));
        assertArrayEquals(new long[] {4, 16}, dims(m, "blk.5.altup_predict_coef.weight"));
        assertEquals(GgmlType.F32, m.tensor("blk.5.altup_correct_coef.weight").orElseThrow().type());
        assertArrayEquals(new long[] {64, 4}, dims(m, "blk.5.altup_router.weight"));
        assertArrayEquals(new long[] {64, 64}, dims(m, "blk.5.laurel_l.weight"), "rank 64");
        assertArrayEquals(new long[] {16}, dims(m, "blk.5.attn_k_norm.weight"));
        assertTrue(m.tensor("output.weight").isEmpty(), "tied to the token embeddings, as in Gemma 3");
        assertEquals(6 + 24 * 6 + 1, m.tensors().size(), "six global tensors, 24 per block, output norm");
        assertEquals(4_656_192, size, "a few MB, most of it the per-layer token embeddings");
    }

    @Test
    void gemma3nNamesItsSpecialTokensAsGemmasTemplateWritesThem() throws IOException {
        Path file = dir.resolve("gemma3n.gguf");
        TodaysArchitecture.GEMMA3N.write(SHAPE, file);
        GgufMetadata m = GgufReader.read(file);
        List<Object> head = m.array("tokenizer.ggml.tokens").orElseThrow().head();
        assertEquals("<bos>", head.get(m.bosTokenId()));
        assertEquals("<eos>", head.get(m.eosTokenId()));

        SyntheticVocabulary chatMl = SyntheticVocabulary.of(1024);
        SyntheticVocabulary gemma = chatMl.withGemmaNames();
        int start = chatMl.tokens().indexOf(SyntheticVocabulary.IM_START);
        int end = chatMl.tokens().indexOf(SyntheticVocabulary.IM_END);
        assertEquals("<start_of_turn>", gemma.tokens().get(start));
        assertEquals("<end_of_turn>", gemma.tokens().get(end));
        assertEquals(SyntheticVocabulary.CONTROL, gemma.types()[end]);
        assertEquals(chatMl.tokens().subList(end + 1, 1024), gemma.tokens().subList(end + 1, 1024));
    }

    @Test
    void theSameShapeGivesTheSameBytes() throws IOException {
        for (TodaysArchitecture architecture : TodaysArchitecture.values()) {
            Path a = dir.resolve(architecture + "-a.gguf");
            Path b = dir.resolve(architecture + "-b.gguf");
            architecture.write(SHAPE, a);
            architecture.write(SHAPE, b);
            assertEquals(-1, Files.mismatch(a, b), architecture.name());
        }
    }
}
