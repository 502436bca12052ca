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
 * The Qwen3 and Gemma 3 writers put the keys and tensors the current llama.cpp asks for, with its shapes (that
 * llama.cpp loads them is {@link CurrentLlamaCppLoadsTodaysModelsTest}); the same shape gives the same bytes.
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
