package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The smallest llama model worth loading: one transformer block, 64-wide embeddings, a vocabulary of a few hundred
 * SentencePiece tokens with byte fallback (any text encodes), random F32 weights from a fixed seed. About 350 KB;
 * llama.cpp loads it and generates (noise) with it in milliseconds. {@code helix doctor} writes one to prove that a
 * runner on this machine really loads a model and generates tokens, without any model of the user's.
 */
public final class TinyLlama {
    /** Vocabulary: {@code <unk>}, {@code <s>}, {@code </s>}, 256 byte tokens, then "▁", letters and a few words. */
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    private static final int EMBEDDING = 64;
    private static final int HEADS = 4;
    private static final int FEED_FORWARD = 128;
    private static final int CONTEXT = 256;
    private static final float WEIGHT_STD = 0.02f;
    private static final String SPACE = "\u2581";
    private static final String WORDS = "the a of and to is it hello world yes no doctor helix model token";

    private TinyLlama() {}

    /** Writes the model to {@code file} (replacing it) and returns its size in bytes; the same bytes every time. */
    public static long write(Path file) throws IOException {
        List<String> tokens = vocabulary();
        int size = tokens.size();
        float[] scores = new float[size];
        int[] types = new int[size];
        types[0] = 2; // unknown
        types[BOS_ID] = 3; // control
        types[EOS_ID] = 3;
        for (int i = 3; i < size; i++) {
            types[i] = i < 3 + 256 ? 6 : 1; // byte, then normal
            scores[i] = i < 3 + 256 ? 0 : -(i - 3 - 256);
        }
        var writer = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "helix-doctor-tiny")
                .putUint32("general.file_type", 0)
                .putUint32("llama.context_length", CONTEXT)
                .putUint32("llama.embedding_length", EMBEDDING)
                .putUint32("llama.block_count", 1)
                .putUint32("llama.feed_forward_length", FEED_FORWARD)
                .putUint32("llama.attention.head_count", HEADS)
                .putUint32("llama.attention.head_count_kv", HEADS)
                .putUint32("llama.rope.dimension_count", EMBEDDING / HEADS)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32("llama.rope.freq_base", 10_000f)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scores)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putUint32("tokenizer.ggml.bos_token_id", BOS_ID)
                .putUint32("tokenizer.ggml.eos_token_id", EOS_ID)
                .putUint32("tokenizer.ggml.unknown_token_id", 0)
                .putBool("tokenizer.ggml.add_bos_token", true);
        var random = new SplittableRandom(42);
        weights(writer, "token_embd.weight", EMBEDDING, size, random);
        writer.addTensor("blk.0.attn_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, ones());
        for (String name : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
            weights(writer, "blk.0." + name + ".weight", EMBEDDING, EMBEDDING, random);
        }
        writer.addTensor("blk.0.ffn_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, ones());
        weights(writer, "blk.0.ffn_gate.weight", EMBEDDING, FEED_FORWARD, random);
        weights(writer, "blk.0.ffn_up.weight", EMBEDDING, FEED_FORWARD, random);
        weights(writer, "blk.0.ffn_down.weight", FEED_FORWARD, EMBEDDING, random);
        writer.addTensor("output_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, ones());
        weights(writer, "output.weight", EMBEDDING, size, random);
        return writer.write(file);
    }

    static List<String> vocabulary() {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
        }
        tokens.add(SPACE);
        "abcdefghijklmnopqrstuvwxyz.,!?".codePoints().forEach(c -> tokens.add(Character.toString(c)));
        for (String word : WORDS.split(" ")) {
            String piece = SPACE + word;
            if (!tokens.contains(piece)) {
                tokens.add(piece);
            }
        }
        return List.copyOf(tokens);
    }

    /** A [rows x columns] matrix drawn now (so the file does not depend on the order tensors are written in). */
    private static void weights(GgufWriter writer, String name, long columns, long rows, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(columns * rows)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (WEIGHT_STD * random.nextGaussian());
        }
        writer.addTensor(name, GgmlType.F32, new long[] {columns, rows}, sink -> sink.put(values, 0, values.length));
    }

    private static GgufWriter.TensorData ones() {
        return sink -> {
            for (int i = 0; i < EMBEDDING; i++) {
                sink.put(1.0f);
            }
        };
    }
}
