package dev.helix.runtime.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helix.runtime.gguf.GgmlType;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.gguf.GgufWriter;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Layer sizes read from generated GGUF files' tensor infos, against the sizes their shapes give. */
@Timeout(60)
class LayerSizesTest {
    @TempDir
    Path dir;

    @Test
    void eachLayerIsItsTensorsTheOutputLayerItsOwnAndTheKvCacheItsHeads() {
        // vocab 1024, n_embd 64, 4 blocks, 4 heads / 2 KV heads of 16, n_ff 192, F16 weights, F32 norms
        var sizes = LayerSizes.of(GgufReader.read(TestModels.tiny()));
        long embd = 64;
        long kvDim = 2 * 16;
        long ff = 192;
        long layer = 2 * embd * 4 // attn_norm, ffn_norm: F32
                + (embd * embd + 2 * embd * kvDim + embd * embd + 3 * embd * ff) * 2; // q, k, v, o, gate, up, down
        assertEquals(Collections.nCopies(4, layer), sizes.layerBytes());
        assertEquals(embd * 4 + embd * 1024 * 2, sizes.outputBytes()); // output_norm F32 + output F16
        assertEquals((kvDim + kvDim) * 2, sizes.kvBytesPerTokenLayer()); // keys and values, F16
        assertEquals(1024, sizes.vocabulary());
    }

    @Test
    void quantizedLayersAreTheirBlocksBytes() {
        var model = RandomLlamaModel.tiny().withShape(64, 3, 4, 4, 128).withTensorType(GgmlType.Q8_0);
        var sizes = LayerSizes.of(GgufReader.read(TestModels.custom(model)));
        long embd = 64;
        long q80 = 34; // bytes per block of 32
        long matrices = (4 * embd * embd + 3 * embd * 128) / 32 * q80;
        assertEquals(Collections.nCopies(3, matrices + 2 * embd * 4), sizes.layerBytes());
        assertEquals((64 + 64) * 2, sizes.kvBytesPerTokenLayer());
    }

    @Test
    void aTiedOutputCountsTheEmbeddingsAndExplicitKeyAndValueLengthsSizeTheCache() throws IOException {
        Path file = dir.resolve("tied.gguf");
        new GgufWriter().putString("general.architecture", "gemma")
                .putUint32("gemma.block_count", 2)
                .putUint32("gemma.embedding_length", 32)
                .putUint32("gemma.attention.head_count", 4)
                .putUint32("gemma.attention.head_count_kv", 1)
                .putUint32("gemma.attention.key_length", 24)
                .putUint32("gemma.attention.value_length", 20)
                .addTensor("token_embd.weight", GgmlType.F32, new long[] {32, 100}, zeros(3200))
                .addTensor("blk.0.attn_q.weight", GgmlType.F32, new long[] {32, 96}, zeros(3072))
                .addTensor("blk.1.attn_q.weight", GgmlType.F32, new long[] {32, 96}, zeros(3072))
                .addTensor("blk.1.attn_norm.weight", GgmlType.F32, new long[] {32}, zeros(32))
                .addTensor("blk.7.attn_q.weight", GgmlType.F32, new long[] {32}, zeros(32)) // past block_count
                .addTensor("output_norm.weight", GgmlType.F32, new long[] {32}, zeros(32))
                .write(file);
        var sizes = LayerSizes.of(GgufReader.read(file));
        assertEquals(java.util.List.of(3072L * 4, 3104L * 4), sizes.layerBytes());
        assertEquals(32 * 4 + 3200 * 4, sizes.outputBytes());
        assertEquals(1 * (24 + 20) * 2, sizes.kvBytesPerTokenLayer());
    }

    private static GgufWriter.TensorData zeros(long n) {
        return sink -> {
            for (long i = 0; i < n; i++) {
                sink.put(0f);
            }
        };
    }
}
