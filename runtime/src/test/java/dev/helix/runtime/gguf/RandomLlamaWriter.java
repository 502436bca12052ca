package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a {@link RandomLlamaModel} with the metadata and tensor layout llama.cpp expects of a llama GGUF
 * (see shared/models/README.md): general.*, llama.* hyperparameters, tokenizer.* SentencePiece vocabulary,
 * then token_embd, per block attn_norm/q/k/v/output and ffn_norm/gate/up/down, output_norm and output.
 */
final class RandomLlamaWriter {

    private static final float RMS_EPSILON = 1e-5f;
    private static final float ROPE_FREQ_BASE = 10_000f;

    private RandomLlamaWriter() {
    }

    static long write(RandomLlamaModel model, Path file) throws IOException {
        return write(model, file, writer -> { });
    }

    /** @param metadata adds keys of its own (e.g. {@code llama.pooling_type}) after the model's */
    static long write(RandomLlamaModel model, Path file, java.util.function.Consumer<GgufWriter> metadata)
            throws IOException {
        SyntheticVocabulary vocabulary = SyntheticVocabulary.of(model.vocabularySize());
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", "llama");
        if (model.name() != null) {
            writer.putString("general.name", model.name());
        }
        writer.putUint32("general.file_type", model.fileType())
                .putUint32("llama.context_length", model.contextLength())
                .putUint32("llama.embedding_length", model.embeddingLength())
                .putUint32("llama.block_count", model.blockCount())
                .putUint32("llama.feed_forward_length", model.feedForwardLength())
                .putUint32("llama.attention.head_count", model.headCount())
                .putUint32("llama.attention.head_count_kv", model.headCountKv())
                .putUint32("llama.rope.dimension_count", model.headDimension())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", RMS_EPSILON)
                .putFloat32("llama.rope.freq_base", ROPE_FREQ_BASE);
        vocabulary.writeKeys(writer, model.chatTemplate());
        metadata.accept(writer);

        long embd = model.embeddingLength();
        long kvDim = (long) model.headCountKv() * model.headDimension();
        long ff = model.feedForwardLength();
        GgmlType type = model.tensorType();
        long[] index = {0};
        Weights weights = (name, dims) -> writer.addTensor(name, type, dims,
                TensorFill.gaussian(model.seed() + 0x9E37_79B9_7F4A_7C15L * ++index[0], dims[0] * dims[1]));
        weights.add("token_embd.weight", new long[] {embd, model.vocabularySize()});
        for (int b = 0; b < model.blockCount(); b++) {
            String blk = "blk." + b + ".";
            writer.addTensor(blk + "attn_norm.weight", GgmlType.F32, new long[] {embd}, TensorFill.ones(embd));
            weights.add(blk + "attn_q.weight", new long[] {embd, embd});
            weights.add(blk + "attn_k.weight", new long[] {embd, kvDim});
            weights.add(blk + "attn_v.weight", new long[] {embd, kvDim});
            weights.add(blk + "attn_output.weight", new long[] {embd, embd});
            writer.addTensor(blk + "ffn_norm.weight", GgmlType.F32, new long[] {embd}, TensorFill.ones(embd));
            weights.add(blk + "ffn_gate.weight", new long[] {embd, ff});
            weights.add(blk + "ffn_up.weight", new long[] {embd, ff});
            weights.add(blk + "ffn_down.weight", new long[] {ff, embd});
        }
        writer.addTensor("output_norm.weight", GgmlType.F32, new long[] {embd}, TensorFill.ones(embd));
        weights.add("output.weight", new long[] {embd, model.vocabularySize()});
        return writer.write(file);
    }

    @FunctionalInterface
    private interface Weights {
        void add(String name, long[] dims);
    }
}
