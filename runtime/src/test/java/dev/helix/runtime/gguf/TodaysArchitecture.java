package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Architectures of the models people run today, written with random weights in the layout the current llama.cpp
 * (the one {@code native/build.sh --tag current} builds, September 2026) loads: its {@code src/models/qwen3.cpp},
 * {@code src/models/gemma3.cpp} and {@code src/models/gemma3n.cpp} name the tensors and keys used here. The
 * transformer shape and vocabulary come from a {@link RandomLlamaModel}; {@link #write} gives the same bytes for the
 * same shape.
 *
 * <p>Which library loads which: {@code qwen3} is not in the bundled llama.cpp's (b4916) architecture list, so Helix
 * refuses it before the binding sees it; {@code gemma3} is in that list (llama.cpp added it in b4875, March 2025)
 * and loads with both; {@code gemma3n} (llama.cpp added it in June 2025) is not, and is refused as qwen3 is.
 */
public enum TodaysArchitecture {
    /** Qwen3: llama's blocks plus an RMS norm of every query and key head ({@code attn_q_norm}, {@code attn_k_norm}). */
    QWEN3("qwen3"),
    /**
     * Gemma 3 (text): Qwen3's per-head norms plus norms after attention and after the feed-forward
     * ({@code post_attention_norm}, {@code post_ffw_norm}), sliding-window attention on five layers of six, a separate
     * RoPE base for those, and no output matrix (the token embeddings are tied).
     */
    GEMMA3("gemma3"),
    /**
     * Gemma 3n (text): Gemma 3's block plus per-layer token inputs, AltUp (four copies of the hidden state, one
     * through the block, the others predicted and corrected) and a low-rank LAuReL side path; see
     * {@link Gemma3nWriter}. About 4.7 MB for {@link #smallestShape()}, most of it the per-layer token embeddings.
     */
    GEMMA3N("gemma3n");

    private final String architecture;

    TodaysArchitecture(String architecture) {
        this.architecture = architecture;
    }

    /**
     * {@link RandomLlamaModel#tiny()} with six blocks instead of four (about 0.75 MB as F16; 4.7 MB as Gemma 3n).
     * Gemma 3 attends globally on one layer in six and through a sliding window on the rest: with fewer than six
     * blocks no layer is global, which the current llama.cpp runs but the bundled b4916 does not (it crashes in its
     * warm-up decode, SIGSEGV in {@code ggml_backend_buffer_get_type}). Real Gemma 3 models have 18 blocks or more.
     * Gemma 3n attends globally on one layer in five (its block 4 here); real ones have 30 or 35 blocks, and those
     * from the 21st on reuse earlier blocks' KV cache, which six blocks do not reach (llama.cpp loads and runs a
     * 22-block file of this writer too, 16.5 MB).
     */
    public static RandomLlamaModel smallestShape() {
        RandomLlamaModel tiny = RandomLlamaModel.tiny();
        return tiny.withShape(tiny.embeddingLength(), 6, tiny.headCount(), tiny.headCountKv(),
                tiny.feedForwardLength());
    }

    /** {@code general.architecture} of the written file. */
    public String architecture() {
        return architecture;
    }

    /** Writes a file of this architecture with the shape, vocabulary and seed of {@code shape}; returns its size. */
    public long write(RandomLlamaModel shape, Path file) throws IOException {
        return this == GEMMA3N ? Gemma3nWriter.write(shape, file) : TodaysArchitectureWriter.write(this, shape, file);
    }
}
