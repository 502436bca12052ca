package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The shape of a llama-architecture model with random weights, and the writer of it as a GGUF file that
 * llama.cpp loads and generates (noise) with. Benchmarks use the presets for realistic sizes; tests use
 * {@link #tiny()}.
 *
 * <p>{@link #write(Path)} is deterministic: the same record gives the same bytes. Weights are drawn from
 * N(0, 0.02) with a generator seeded per tensor from {@link #seed()}; norm weights are 1.0 and stay F32 as in
 * llama.cpp's own files; the vocabulary is SentencePiece-style with byte fallback (any text encodes), common
 * English words as single pieces, and the ChatML control tokens {@code <|im_start|>}/{@code <|im_end|>}.
 *
 * @param vocabularySize    tokens in the vocabulary (at least 262)
 * @param embeddingLength   n_embd, a multiple of headCount
 * @param blockCount        transformer blocks
 * @param headCount         attention heads; head dimension = embeddingLength / headCount (even)
 * @param headCountKv       key/value heads, dividing headCount (fewer than headCount = grouped-query attention)
 * @param feedForwardLength n_ff
 * @param contextLength     trained context length written to the file
 * @param tensorType        F32, F16 or Q8_0 for the weight matrices (Q8_0 needs n_embd and n_ff multiples of 32)
 * @param seed              weight generator seed
 * @param chatTemplate      Jinja chat template, or null for none
 * @param name              {@code general.name}, or null for none
 */
public record RandomLlamaModel(int vocabularySize, int embeddingLength, int blockCount, int headCount,
                               int headCountKv, int feedForwardLength, int contextLength, GgmlType tensorType,
                               long seed, String chatTemplate, String name) {

    /** The ChatML template (as Qwen and many fine-tunes ship it); llama.cpp recognises it as "chatml". */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role']"
            + " + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Weight standard deviation. */
    static final float WEIGHT_STD = 0.02f;
    private static final long DEFAULT_SEED = 42;

    public RandomLlamaModel {
        Objects.requireNonNull(tensorType, "tensorType");
        positive("blockCount", blockCount);
        positive("headCount", headCount);
        positive("headCountKv", headCountKv);
        positive("feedForwardLength", feedForwardLength);
        positive("contextLength", contextLength);
        if (vocabularySize < SyntheticVocabulary.MIN_SIZE || vocabularySize > 1_000_000) {
            throw new IllegalArgumentException("vocabularySize " + vocabularySize + " outside ["
                    + SyntheticVocabulary.MIN_SIZE + ", 1000000]");
        }
        if (embeddingLength <= 0 || embeddingLength % headCount != 0 || embeddingLength / headCount % 2 != 0) {
            throw new IllegalArgumentException("embeddingLength " + embeddingLength + " must split into "
                    + headCount + " heads of even size");
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("headCountKv " + headCountKv + " must divide headCount " + headCount);
        }
        if (tensorType != GgmlType.F32 && tensorType != GgmlType.F16 && tensorType != GgmlType.Q8_0) {
            throw new IllegalArgumentException("tensorType must be F32, F16 or Q8_0, not " + tensorType);
        }
        if (tensorType == GgmlType.Q8_0 && (embeddingLength % 32 != 0 || feedForwardLength % 32 != 0)) {
            throw new IllegalArgumentException("Q8_0 needs embeddingLength and feedForwardLength multiples of 32");
        }
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** 328,256 parameters (1.3 MB as F32): vocab 1024, n_embd 64, 4 blocks, 4 heads / 2 KV heads, n_ff 192. */
    public static RandomLlamaModel tiny() {
        return new RandomLlamaModel(1024, 64, 4, 4, 2, 192, 2048, GgmlType.F16, DEFAULT_SEED, CHATML_TEMPLATE,
                "helix-random-tiny");
    }

    /** 15,143,040 parameters: vocab 8192, n_embd 384, 5 blocks, 6 heads of 64, n_ff 1024. */
    public static RandomLlamaModel small15M() {
        return new RandomLlamaModel(8192, 384, 5, 6, 6, 1024, 2048, GgmlType.F16, DEFAULT_SEED, CHATML_TEMPLATE,
                "helix-random-15M");
    }

    /** 60,039,680 parameters: vocab 32000, n_embd 512, 8 blocks, 8 heads of 64, n_ff 1536. */
    public static RandomLlamaModel medium60M() {
        return new RandomLlamaModel(32000, 512, 8, 8, 8, 1536, 4096, GgmlType.F16, DEFAULT_SEED, CHATML_TEMPLATE,
                "helix-random-60M");
    }

    /** 149,840,640 parameters: vocab 32000, n_embd 768, 16 blocks, 12 heads of 64 / 4 KV heads, n_ff 2048. */
    public static RandomLlamaModel large150M() {
        return new RandomLlamaModel(32000, 768, 16, 12, 4, 2048, 4096, GgmlType.F16, DEFAULT_SEED,
                CHATML_TEMPLATE, "helix-random-150M");
    }

    public RandomLlamaModel withVocabularySize(int size) {
        return new RandomLlamaModel(size, embeddingLength, blockCount, headCount, headCountKv, feedForwardLength,
                contextLength, tensorType, seed, chatTemplate, name);
    }

    /** The same model with another transformer shape. */
    public RandomLlamaModel withShape(int embedding, int blocks, int heads, int kvHeads, int feedForward) {
        return new RandomLlamaModel(vocabularySize, embedding, blocks, heads, kvHeads, feedForward, contextLength,
                tensorType, seed, chatTemplate, name);
    }

    public RandomLlamaModel withContextLength(int length) {
        return new RandomLlamaModel(vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, length, tensorType, seed, chatTemplate, name);
    }

    public RandomLlamaModel withTensorType(GgmlType type) {
        return new RandomLlamaModel(vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, type, seed, chatTemplate, name);
    }

    public RandomLlamaModel withSeed(long newSeed) {
        return new RandomLlamaModel(vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, tensorType, newSeed, chatTemplate, name);
    }

    /** The same model with another chat template; null for none. */
    public RandomLlamaModel withChatTemplate(String template) {
        return new RandomLlamaModel(vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, tensorType, seed, template, name);
    }

    public RandomLlamaModel withoutChatTemplate() {
        return withChatTemplate(null);
    }

    /** The same model with another {@code general.name}; null for none. */
    public RandomLlamaModel withName(String newName) {
        return new RandomLlamaModel(vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, tensorType, seed, chatTemplate, newName);
    }

    /** embeddingLength / headCount. */
    public int headDimension() {
        return embeddingLength / headCount;
    }

    /** The exact parameter count of the written file (what {@link GgufMetadata#parameterCount()} reads back). */
    public long parameterCount() {
        long embd = embeddingLength;
        long kvDim = (long) headCountKv * headDimension();
        long perBlock = 2 * embd                    // attention and ffn norms
                + 2 * embd * embd + 2 * embd * kvDim // q, output; k, v
                + 3 * embd * feedForwardLength;      // gate, up, down
        return 2L * vocabularySize * embd + blockCount * perBlock + embd;
    }

    /** llama_ftype of the file: 0 all F32, 1 mostly F16, 7 mostly Q8_0. */
    public int fileType() {
        return switch (tensorType) {
            case F16 -> 1;
            case Q8_0 -> 7;
            default -> 0;
        };
    }

    /** Writes the model as a GGUF v3 file, replacing an existing one, and returns the file size in bytes. */
    public long write(Path file) throws IOException {
        return RandomLlamaWriter.write(this, file);
    }

    /** {@link #write(Path)} with metadata keys of the caller's after the model's own. */
    public long write(Path file, java.util.function.Consumer<GgufWriter> metadata) throws IOException {
        return RandomLlamaWriter.write(this, file, metadata);
    }
}
