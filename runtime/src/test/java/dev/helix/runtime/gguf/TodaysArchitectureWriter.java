package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link TodaysArchitecture} file. The keys are those the current llama.cpp reads for these architectures
 * ({@code <arch>.context_length}, {@code .embedding_length}, {@code .block_count}, {@code .feed_forward_length},
 * {@code .attention.head_count[_kv]}, {@code .attention.key_length}/{@code value_length},
 * {@code .attention.layer_norm_rms_epsilon}, {@code .rope.freq_base}; for Gemma 3 also
 * {@code .attention.sliding_window}, {@code .attention.sliding_window_pattern} and {@code .rope.freq_base_swa}); the
 * tensors per block are {@code attn_norm}, {@code attn_q/k/v/output}, {@code attn_q_norm} and {@code attn_k_norm}
 * (one weight per head dimension), {@code ffn_norm}, {@code ffn_gate/up/down}, and for Gemma 3
 * {@code post_attention_norm} and {@code post_ffw_norm}.
 */
final class TodaysArchitectureWriter {

    private static final float RMS_EPSILON = 1e-6f;
    /** Gemma 3's own values: a 512-token window on five layers of every six, RoPE bases 1e6 global / 1e4 local. */
    private static final long SLIDING_WINDOW = 512;
    private static final long SLIDING_WINDOW_PATTERN = 6;

    private TodaysArchitectureWriter() {
    }

    static long write(TodaysArchitecture which, RandomLlamaModel model, Path file) throws IOException {
        boolean gemma = which == TodaysArchitecture.GEMMA3;
        String arch = which.architecture();
        SyntheticVocabulary vocabulary = SyntheticVocabulary.of(model.vocabularySize());
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", arch)
                .putString("general.name", "helix-random-" + arch)
                .putUint32("general.file_type", model.fileType())
                .putUint32(arch + ".context_length", model.contextLength())
                .putUint32(arch + ".embedding_length", model.embeddingLength())
                .putUint32(arch + ".block_count", model.blockCount())
                .putUint32(arch + ".feed_forward_length", model.feedForwardLength())
                .putUint32(arch + ".attention.head_count", model.headCount())
                .putUint32(arch + ".attention.head_count_kv", model.headCountKv())
                .putUint32(arch + ".attention.key_length", model.headDimension())
                .putUint32(arch + ".attention.value_length", model.headDimension())
                .putFloat32(arch + ".attention.layer_norm_rms_epsilon", RMS_EPSILON)
                .putFloat32(arch + ".rope.freq_base", 1_000_000f);
        if (gemma) {
            writer.putUint32(arch + ".attention.sliding_window", SLIDING_WINDOW)
                    .putUint32(arch + ".attention.sliding_window_pattern", SLIDING_WINDOW_PATTERN)
                    .putFloat32(arch + ".rope.freq_base_swa", 10_000f);
        }
        writer.putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", vocabulary.tokens())
                .putFloat32Array("tokenizer.ggml.scores", vocabulary.scores())
                .putInt32Array("tokenizer.ggml.token_type", vocabulary.types())
                .putUint32("tokenizer.ggml.bos_token_id", SyntheticVocabulary.BOS_ID)
                .putUint32("tokenizer.ggml.eos_token_id", SyntheticVocabulary.EOS_ID)
                .putUint32("tokenizer.ggml.unknown_token_id", SyntheticVocabulary.UNKNOWN_ID)
                .putBool("tokenizer.ggml.add_bos_token", true);
        if (model.chatTemplate() != null) {
            writer.putString("tokenizer.chat_template", model.chatTemplate());
        }

        long embd = model.embeddingLength();
        long head = model.headDimension();
        long qDim = (long) model.headCount() * head;
        long kvDim = (long) model.headCountKv() * head;
        long ff = model.feedForwardLength();
        GgmlType type = model.tensorType();
        long[] index = {0};
        Weights weights = (name, dims) -> writer.addTensor(name, type, dims,
                TensorFill.gaussian(model.seed() + 0x9E37_79B9_7F4A_7C15L * ++index[0], dims[0] * dims[1]));
        Weights norm = (name, dims) -> writer.addTensor(name, GgmlType.F32, dims, TensorFill.ones(dims[0]));
        weights.add("token_embd.weight", new long[] {embd, model.vocabularySize()});
        for (int b = 0; b < model.blockCount(); b++) {
            String blk = "blk." + b + ".";
            norm.add(blk + "attn_norm.weight", new long[] {embd});
            weights.add(blk + "attn_q.weight", new long[] {embd, qDim});
            weights.add(blk + "attn_k.weight", new long[] {embd, kvDim});
            weights.add(blk + "attn_v.weight", new long[] {embd, kvDim});
            weights.add(blk + "attn_output.weight", new long[] {qDim, embd});
            norm.add(blk + "attn_q_norm.weight", new long[] {head});
            norm.add(blk + "attn_k_norm.weight", new long[] {head});
            if (gemma) {
                norm.add(blk + "post_attention_norm.weight", new long[] {embd});
            }
            norm.add(blk + "ffn_norm.weight", new long[] {embd});
            weights.add(blk + "ffn_gate.weight", new long[] {embd, ff});
            weights.add(blk + "ffn_up.weight", new long[] {embd, ff});
            weights.add(blk + "ffn_down.weight", new long[] {ff, embd});
            if (gemma) {
                norm.add(blk + "post_ffw_norm.weight", new long[] {embd});
            }
        }
        norm.add("output_norm.weight", new long[] {embd});
        if (!gemma) {
            weights.add("output.weight", new long[] {embd, model.vocabularySize()});
        }
        return writer.write(file);
    }

    @FunctionalInterface
    private interface Weights {
        void add(String name, long[] dims);
    }
}
