package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A llama GGUF that writes a fixed script, whatever the prompt: a real model llama.cpp loads and runs, built so that
 * its output is known. Its attention and feed-forward outputs are zero, so each next token depends only on the
 * current one (a bigram model); the script's pieces are tokens of their own, each embedded along its own axis, and
 * the output matrix maps every other token to the first piece, each piece to the next and the last to end of
 * generation, with logits so far apart (32 to 0) that any sampling settings follow the script. Tests use it to see
 * what real generations of tool calls and fill-in-the-middle look like to clients, which random weights never write.
 *
 * @param script       the output, piece by piece (each piece one token; at most 60, unique, not plain words); a
 *                     piece {@code <0xNN>} is the vocabulary's byte token, so a script can spell a character in
 *                     several tokens
 * @param chatTemplate Jinja chat template, or null
 * @param fillInMiddle whether the header names fill-in-the-middle tokens (so the model accepts a suffix)
 */
public record ScriptedLlamaModel(List<String> script, String chatTemplate, boolean fillInMiddle) {
    private static final int BASE_VOCABULARY = 1024;
    private static final int EMBEDDING = 64;
    private static final int FEED_FORWARD = 128;
    private static final float LOGIT_WEIGHT = 4f;
    private static final List<String> FIM_TOKENS = List.of("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>");

    public ScriptedLlamaModel {
        script = List.copyOf(script);
        if (script.isEmpty() || script.size() > EMBEDDING - 4) {
            throw new IllegalArgumentException("a script has 1 to " + (EMBEDDING - 4) + " pieces");
        }
        if (new HashSet<>(script).size() != script.size() || script.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("script pieces must be unique and non-empty");
        }
    }

    /** Writes the model as a GGUF v3 file and returns its size in bytes. */
    public long write(Path file) throws IOException {
        SyntheticVocabulary base = SyntheticVocabulary.of(BASE_VOCABULARY);
        List<String> tokens = new ArrayList<>(base.tokens());
        List<Float> scores = new ArrayList<>();
        for (float score : base.scores()) {
            scores.add(score);
        }
        List<Integer> types = new ArrayList<>();
        for (int type : base.types()) {
            types.add(type);
        }
        int[] ids = new int[script.size()];
        for (int i = 0; i < script.size(); i++) {
            String piece = script.get(i);
            if (piece.matches("<0x[0-9A-F]{2}>")) {
                ids[i] = tokens.indexOf(piece);
                continue;
            }
            String stored = piece.replace(" ", "\u2581");
            ids[i] = tokens.size();
            if (tokens.contains(stored)) {
                throw new IllegalArgumentException("script piece \"" + piece + "\" is already a token");
            }
            tokens.add(stored);
            scores.add(-1e6f);
            types.add(SyntheticVocabulary.NORMAL);
        }
        int fim = tokens.size();
        if (fillInMiddle) {
            for (String token : FIM_TOKENS) {
                tokens.add(token);
                scores.add(0f);
                types.add(SyntheticVocabulary.CONTROL);
            }
        }
        int vocabulary = tokens.size();
        float[] scoreArray = new float[vocabulary];
        int[] typeArray = new int[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            scoreArray[i] = scores.get(i);
            typeArray[i] = types.get(i);
        }
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "helix-scripted")
                .putUint32("general.file_type", 0)
                .putUint32("llama.context_length", 2048)
                .putUint32("llama.embedding_length", EMBEDDING)
                .putUint32("llama.block_count", 1)
                .putUint32("llama.feed_forward_length", FEED_FORWARD)
                .putUint32("llama.attention.head_count", 4)
                .putUint32("llama.attention.head_count_kv", 4)
                .putUint32("llama.rope.dimension_count", EMBEDDING / 4)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putFloat32("llama.rope.freq_base", 10_000f)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putFloat32Array("tokenizer.ggml.scores", scoreArray)
                .putInt32Array("tokenizer.ggml.token_type", typeArray)
                .putUint32("tokenizer.ggml.bos_token_id", SyntheticVocabulary.BOS_ID)
                .putUint32("tokenizer.ggml.eos_token_id", SyntheticVocabulary.EOS_ID)
                .putUint32("tokenizer.ggml.unknown_token_id", SyntheticVocabulary.UNKNOWN_ID)
                .putBool("tokenizer.ggml.add_bos_token", true);
        if (chatTemplate != null) {
            writer.putString("tokenizer.chat_template", chatTemplate);
        }
        if (fillInMiddle) {
            writer.putUint32("tokenizer.ggml.fim_pre_token_id", fim)
                    .putUint32("tokenizer.ggml.fim_suf_token_id", fim + 1)
                    .putUint32("tokenizer.ggml.fim_mid_token_id", fim + 2);
        }
        int pieces = script.size();
        java.util.Map<Integer, Integer> position = new java.util.HashMap<>();
        for (int i = 0; i < pieces; i++) {
            position.put(ids[i], i);
        }
        writer.addTensor("token_embd.weight", GgmlType.F32, new long[] {EMBEDDING, vocabulary}, sink -> {
            for (int v = 0; v < vocabulary; v++) {
                int axis = position.containsKey(v) ? 1 + position.get(v) : 0;
                for (int d = 0; d < EMBEDDING; d++) {
                    sink.put(d == axis ? 1f : 0f);
                }
            }
        });
        String blk = "blk.0.";
        writer.addTensor(blk + "attn_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, constant(EMBEDDING, 1f));
        for (String name : List.of("attn_q", "attn_k", "attn_v", "attn_output")) {
            writer.addTensor(blk + name + ".weight", GgmlType.F32, new long[] {EMBEDDING, EMBEDDING},
                    constant((long) EMBEDDING * EMBEDDING, 0f));
        }
        writer.addTensor(blk + "ffn_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, constant(EMBEDDING, 1f));
        writer.addTensor(blk + "ffn_gate.weight", GgmlType.F32, new long[] {EMBEDDING, FEED_FORWARD},
                constant((long) EMBEDDING * FEED_FORWARD, 0f));
        writer.addTensor(blk + "ffn_up.weight", GgmlType.F32, new long[] {EMBEDDING, FEED_FORWARD},
                constant((long) EMBEDDING * FEED_FORWARD, 0f));
        writer.addTensor(blk + "ffn_down.weight", GgmlType.F32, new long[] {FEED_FORWARD, EMBEDDING},
                constant((long) EMBEDDING * FEED_FORWARD, 0f));
        writer.addTensor("output_norm.weight", GgmlType.F32, new long[] {EMBEDDING}, constant(EMBEDDING, 1f));
        writer.addTensor("output.weight", GgmlType.F32, new long[] {EMBEDDING, vocabulary}, sink -> {
            for (int v = 0; v < vocabulary; v++) {
                // the axis whose token is followed by token v: any other token -> piece 0 -> piece 1 ... -> EOS
                int from = position.containsKey(v) ? position.get(v) : v == SyntheticVocabulary.EOS_ID ? pieces : -1;
                for (int d = 0; d < EMBEDDING; d++) {
                    sink.put(from >= 0 && d == from ? LOGIT_WEIGHT : 0f);
                }
            }
        });
        return writer.write(Objects.requireNonNull(file, "file"));
    }

    private static GgufWriter.TensorData constant(long count, float value) {
        return sink -> {
            for (long i = 0; i < count; i++) {
                sink.put(value);
            }
        };
    }
}
