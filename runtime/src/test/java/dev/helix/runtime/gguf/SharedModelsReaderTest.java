package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.SharedModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader against real files from ../shared/models (skipped when they are absent). */
class SharedModelsReaderTest {

    @Test
    void stories260K() {
        Path file = SharedModels.assumeStories260K();

        GgufMetadata m = GgufReader.read(file);

        assertEquals(3, m.version());
        assertEquals("llama", m.architecture());
        assertEquals("tinyllamas-stories-260k", m.name());
        assertEquals(512, m.contextLength());
        assertEquals(64, m.embeddingLength());
        assertEquals(5, m.blockCount());
        assertEquals(8, m.headCount());
        assertEquals(4, m.headCountKv());
        assertEquals(512, m.vocabularySize());
        assertEquals(-1, m.fileType(), "the file has no general.file_type");
        assertEquals("F32", m.quantization());
        assertEquals(292_800, m.parameterCount(), "llama.cpp prints model params = 292.80 K");
        assertEquals("293K", m.parameterSize());
        assertEquals("llama", m.tokenizerModel());
        assertEquals(1, m.bosTokenId());
        assertEquals(2, m.eosTokenId());
        assertTrue(m.addBosToken(), "SentencePiece default");
        assertNull(m.chatTemplate());
        assertEquals(48, m.tensorCount());
        assertEquals(1_185_344, m.fileSize());
        assertEquals(List.of(64L, 512L), m.tensor("token_embd.weight").orElseThrow().dimensions());
        assertEquals(172, m.integer("llama.feed_forward_length").orElseThrow());
    }

    @Test
    void llama2TinyRandom() {
        Path file = SharedModels.assumeLlama2TinyRandom();

        GgufMetadata m = GgufReader.read(file);

        assertEquals("llama", m.architecture());
        assertEquals(32_000, m.vocabularySize());
        assertEquals(1, m.fileType());
        assertEquals("F16", m.quantization());
        assertEquals(4096, m.contextLength());
        assertEquals(8, m.embeddingLength());
        assertEquals(1, m.blockCount());
        assertEquals(2, m.headCount());
        assertEquals(12, m.tensorCount());
        GgufMetadata.ArrayValue tokens = m.array("tokenizer.ggml.tokens").orElseThrow();
        assertEquals(32_000, tokens.length());
        assertEquals(GgufMetadata.ARRAY_HEAD_LIMIT, tokens.head().size());
        assertEquals("<0x0C>", tokens.head().get(15));
    }
}
