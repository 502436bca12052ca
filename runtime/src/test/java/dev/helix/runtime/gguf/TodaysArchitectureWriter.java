package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a Qwen3 or Gemma 3 {@link TodaysArchitecture} file (Gemma 3n has {@link Gemma3nWriter}, which shares
 * {@link #transformerKeys} and {@link SyntheticVocabulary#writeKeys}). The keys are those the current llama.cpp reads for these
 * architectures ({@code <arch>.context_length}, {@code .embedding_length}, {@code .block_count},
 * {@code .feed_forward_length}, {@code .attention.head_count[_kv]}, {@code .attention.key_length}/{@code value_length},
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
        GgufWriter writer = transformerKeys(arch, model);
        if (gemma) {
            writer.putUint32(arch + ".attention.sliding_window", SLIDING_WINDOW)
                    .putUint32(arch + ".attention.sliding_window_pattern", SLIDING_WINDOW_PATTERN)
                    .putFloat32(arch + ".rope.freq_base_swa", 10_000f);
        }
        SyntheticVocabulary.of(model.vocabularySize()).writeKeys(writer, model.chatTemplate());

        long embd = model.embeddingLength();
        long head = model.headDimension();
        long qDim = (long) model.headCount() * head;
        long kvDim = (long) model.headCountKv() * head;
        long ff = model.feedForwardLength();
        RandomTensors tensors = new RandomTensors(writer, model);
        tensors.weight("token_embd.weight", embd, model.vocabularySize());
        for (int b = 0; b < model.blockCount(); b++) {
            String blk = "blk." + b + ".";
            tensors.norm(blk + "attn_norm.weight", embd);
            tensors.weight(blk + "attn_q.weight", embd, qDim);
            tensors.weight(blk + "attn_k.weight", embd, kvDim);
            tensors.weight(blk + "attn_v.weight", embd, kvDim);
            tensors.weight(blk + "attn_output.weight", qDim, embd);
            tensors.norm(blk + "attn_q_norm.weight", head);
            tensors.norm(blk + "attn_k_norm.weight", head);
            if (gemma) {
                tensors.norm(blk + "post_attention_norm.weight", embd);
            }
            tensors.norm(blk + "ffn_norm.weight", embd);
            tensors.weight(blk + "ffn_gate.weight", embd, ff);
            tensors.weight(blk + "ffn_up.weight", embd, ff);
            tensors.weight(blk + "ffn_down.weight", ff, embd);
            if (gemma) {
                tensors.norm(blk + "post_ffw_norm.weight", embd);
            }
        }
        tensors.norm("output_norm.weight", embd);
        if (!gemma) {
            tensors.weight("output.weight", embd, model.vocabularySize());
        }
        return writer.write(file);
    }

    /**
     * The keys every one of today's architectures has: {@code general.*}, and the transformer's shape under
     * {@code <arch>.}: context, embedding and feed-forward lengths, block count, heads, KV heads, key and value
     * lengths, the RMS norm epsilon and the RoPE base.
     */
    static GgufWriter transformerKeys(String arch, RandomLlamaModel model) {
        return new GgufWriter()
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
    }
}
