package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link TodaysArchitecture#GEMMA3N} file: Gemma 3n's text model as the current llama.cpp loads it
 * ({@code src/models/gemma3n.cpp}, {@code llama_model_gemma3n::load_arch_tensors}), with the keys its converter
 * ({@code conversion/gemma.py}, {@code Gemma3NModel}) writes.
 *
 * <p>Gemma 3's block (per-head query and key norms, norms after attention and after the feed-forward, tied output)
 * with Gemma 3n's additions:
 * <ul>
 *   <li>per-layer inputs: {@code per_layer_token_embd} (a {@value #PER_LAYER_INPUT}-wide row per block for every
 *       token), {@code per_layer_model_proj}, {@code per_layer_proj_norm}, and in each block {@code inp_gate},
 *       {@code proj} and {@code post_norm};</li>
 *   <li>AltUp, {@value #ALTUP} copies of the hidden state: {@code altup_proj} and {@code altup_unembd_proj}
 *       ({@code n_embd x n_embd x 3}), and in each block {@code altup_router}, {@code altup_router_norm},
 *       {@code altup_predict_coef} ({@code 4 x 16}), {@code altup_correct_coef} ({@code 4 x 4}; both F32, as the
 *       converter keeps them) and {@code altup_correct_scale};</li>
 *   <li>LAuReL, a rank-{@value #LAUREL_RANK} side path: {@code laurel_l}, {@code laurel_r},
 *       {@code laurel_post_norm}.</li>
 * </ul>
 * The AltUp count, the LAuReL rank and the per-layer width are fixed in llama.cpp (its {@code llama_hparams}
 * defaults, not read from the file), so they are these whatever the shape; the keys that name them are written with
 * the same values, as a converted Gemma 3n has them. So is the layer from which blocks share earlier blocks' KV
 * cache (block 20 in llama.cpp): a shape of 20 blocks or fewer gives every block its own, and
 * {@code attention.shared_kv_layers} says how many share. Four blocks in five attend through a sliding window, the
 * fifth globally, as in Gemma 3n; the first ten sparsify their feed-forward activations (llama.cpp's
 * {@code n_layer_sparsity}; {@code activation_sparsity_scale} is the 95th percentile's z-score there, as converted).
 *
 * <p>The vocabulary is {@link SyntheticVocabulary#withGemmaNames}: {@code <start_of_turn>} and {@code <end_of_turn>}
 * are single control tokens, as in Gemma's, so Gemma 3n's own chat template tokenizes as on a real model.
 * {@link TodaysArchitecture#smallestShape()} gives a 4.66 MB file, most of it the per-layer token embeddings
 * ({@code 6 x 256} values for each of 1024 tokens, F16).
 */
final class Gemma3nWriter {
    /** AltUp's number of hidden-state copies ({@code altup.num_inputs}); llama.cpp's {@code n_altup}. */
    static final int ALTUP = 4;
    /** llama.cpp's {@code laurel_rank}. */
    static final int LAUREL_RANK = 64;
    /** The per-layer input width ({@code embedding_length_per_layer_input}); llama.cpp's {@code n_embd_altup}. */
    static final int PER_LAYER_INPUT = 256;
    /** llama.cpp's {@code n_layer_kv_from_start}: blocks from this one on reuse an earlier block's KV cache. */
    static final int KV_FROM_START = 20;
    /** Gemma 3n's sliding-window pattern: four layers of five through the window, the fifth global. */
    private static final int SWA_PATTERN = 5;
    /** llama.cpp's {@code n_layer_sparsity}: the first ten blocks sparsify the feed-forward gate. */
    private static final int SPARSE_LAYERS = 10;
    /** The standard normal's 95th percentile (Gemma 3n's activation sparsity of 0.95, as the converter stores it). */
    private static final float SPARSITY_Z = 1.6448533535003662f;

    private Gemma3nWriter() {
    }

    static long write(RandomLlamaModel model, Path file) throws IOException {
        String arch = TodaysArchitecture.GEMMA3N.architecture();
        int blocks = model.blockCount();
        List<Boolean> slidingWindow = new ArrayList<>(blocks);
        List<Float> sparsity = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
            slidingWindow.add(b % SWA_PATTERN != SWA_PATTERN - 1);
            sparsity.add(b < SPARSE_LAYERS ? SPARSITY_Z : Float.NEGATIVE_INFINITY);
        }
        GgufWriter writer = TodaysArchitectureWriter.transformerKeys(arch, model)
                .putFloat32(arch + ".rope.freq_base_swa", 10_000f)
                .putFloat32(arch + ".final_logit_softcapping", 30f)
                .putUint32(arch + ".attention.sliding_window", 512)
                .putArray(arch + ".attention.sliding_window_pattern", GgufValueType.BOOL, slidingWindow)
                .putUint32(arch + ".altup.active_idx", 0)
                .putUint32(arch + ".altup.num_inputs", ALTUP)
                .putUint32(arch + ".embedding_length_per_layer_input", PER_LAYER_INPUT)
                .putUint32(arch + ".attention.shared_kv_layers", Math.max(0, blocks - KV_FROM_START))
                .putArray(arch + ".activation_sparsity_scale", GgufValueType.FLOAT32, sparsity);
        SyntheticVocabulary.of(model.vocabularySize()).withGemmaNames().writeKeys(writer, model.chatTemplate());

        long embd = model.embeddingLength();
        long vocab = model.vocabularySize();
        long head = model.headDimension();
        long qDim = (long) model.headCount() * head;
        long kvDim = (long) model.headCountKv() * head;
        long ff = model.feedForwardLength();
        long perLayer = (long) PER_LAYER_INPUT * blocks;
        RandomTensors tensors = new RandomTensors(writer, model);
        tensors.weight("token_embd.weight", embd, vocab);
        tensors.weight("per_layer_token_embd.weight", perLayer, vocab);
        tensors.weight("per_layer_model_proj.weight", embd, perLayer);
        tensors.norm("per_layer_proj_norm.weight", PER_LAYER_INPUT);
        tensors.weight("altup_proj.weight", embd, embd, ALTUP - 1);
        tensors.weight("altup_unembd_proj.weight", embd, embd, ALTUP - 1);
        for (int b = 0; b < blocks; b++) {
            String blk = "blk." + b + ".";
            tensors.norm(blk + "attn_norm.weight", embd);
            tensors.weight(blk + "attn_q.weight", embd, qDim);
            tensors.weight(blk + "attn_k.weight", embd, kvDim);
            tensors.weight(blk + "attn_v.weight", embd, kvDim);
            tensors.weight(blk + "attn_output.weight", qDim, embd);
            tensors.norm(blk + "attn_q_norm.weight", head);
            tensors.norm(blk + "attn_k_norm.weight", head);
            tensors.norm(blk + "post_attention_norm.weight", embd);
            tensors.norm(blk + "ffn_norm.weight", embd);
            tensors.weight(blk + "ffn_gate.weight", embd, ff);
            tensors.weight(blk + "ffn_up.weight", embd, ff);
            tensors.weight(blk + "ffn_down.weight", ff, embd);
            tensors.norm(blk + "post_ffw_norm.weight", embd);
            tensors.weight(blk + "inp_gate.weight", embd, PER_LAYER_INPUT);
            tensors.weight(blk + "proj.weight", PER_LAYER_INPUT, embd);
            tensors.norm(blk + "post_norm.weight", embd);
            tensors.weightF32(blk + "altup_correct_coef.weight", ALTUP, ALTUP);
            tensors.norm(blk + "altup_correct_scale.weight", embd);
            tensors.weightF32(blk + "altup_predict_coef.weight", ALTUP, (long) ALTUP * ALTUP);
            tensors.weight(blk + "altup_router.weight", embd, ALTUP);
            tensors.norm(blk + "altup_router_norm.weight", embd);
            tensors.weight(blk + "laurel_l.weight", embd, LAUREL_RANK);
            tensors.weight(blk + "laurel_r.weight", LAUREL_RANK, embd);
            tensors.norm(blk + "laurel_post_norm.weight", embd);
        }
        tensors.norm("output_norm.weight", embd);
        return writer.write(file);
    }
}
