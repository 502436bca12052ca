package dev.helix.runtime.ffm;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The C API of the current llama.cpp (v0.5.0, commit de3ff815, September 2026: the tag {@code node-llama-cpp@3.22.1}
 * ships and {@code native/build.sh} builds), written from that tag's {@code include/llama.h}, which is the same file
 * as {@code ../shared/reference/llama.cpp-2026-09/llama.h}. Offsets were checked against the built library with
 * {@code offsetof}/{@code sizeof} from a C program compiled against the header (model params 80 bytes, context
 * params 160). What changed since b4916: the KV calls are {@code llama_memory_*} on {@code llama_get_memory(ctx)};
 * {@code use_mmap} became the {@code load_mode} enum; {@code llama_sampler_init_penalties} takes the vocabulary size
 * first; the context params gained {@code n_rs_seq}, {@code n_outputs_max*}, {@code ctx_type},
 * {@code flash_attn_type}, {@code op_offload}, {@code swa_full}, {@code kv_unified}, backend samplers and
 * {@code ctx_other}, and lost {@code logits_all} and {@code flash_attn}.
 */
final class Current {
    private Current() {}

    /** {@code struct llama_model_params}: 80 bytes. */
    static final StructLayout MODEL_PARAMS = structLayout(
            ADDRESS.withName("devices"),
            ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"),
            JAVA_INT.withName("main_gpu"),
            paddingLayout(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("check_tensors"),
            JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"),
            JAVA_BOOLEAN.withName("no_alloc"),
            JAVA_BOOLEAN.withName("load_mtp"),
            paddingLayout(2)).withName("llama_model_params");

    /** {@code struct llama_context_params}: 160 bytes. */
    static final StructLayout CONTEXT_PARAMS = structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"),
            JAVA_INT.withName("n_outputs_max"),
            JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"),
            JAVA_BOOLEAN.withName("swa_full"),
            JAVA_BOOLEAN.withName("kv_unified"),
            paddingLayout(2),
            ADDRESS.withName("samplers"),
            JAVA_LONG.withName("n_samplers"),
            ADDRESS.withName("ctx_other")).withName("llama_context_params");

    /**
     * What {@code llama_model_default_params()} returns (src/llama-model.cpp), on both sides of the padding and in
     * the trailing booleans.
     */
    private static final Map<String, Object> MODEL_DEFAULTS = Map.of(
            "split_mode", 1, // LLAMA_SPLIT_MODE_LAYER
            "load_mode", -1, // LLAMA_LOAD_MODE_AUTO
            "lazy_mode", 1, // LLAMA_LAZY_MODE_AUTO
            "main_gpu", 0,
            "vocab_only", false,
            "check_tensors", false,
            "use_extra_bufts", true,
            "no_host", false,
            "load_mtp", false);

    /** What {@code llama_context_default_params()} returns (src/llama-context.cpp). */
    private static final Map<String, Object> CONTEXT_DEFAULTS = Map.ofEntries(
            Map.entry("n_ctx", 512),
            Map.entry("n_batch", 2048),
            Map.entry("n_ubatch", 512),
            Map.entry("n_seq_max", 1),
            Map.entry("n_rs_seq", 0),
            Map.entry("n_outputs_max_per_seq", 1),
            Map.entry("ctx_type", 0),
            Map.entry("rope_scaling_type", -1),
            Map.entry("pooling_type", -1),
            Map.entry("attention_type", -1),
            Map.entry("flash_attn_type", -1), // LLAMA_FLASH_ATTN_TYPE_AUTO
            Map.entry("yarn_ext_factor", -1.0f),
            Map.entry("yarn_attn_factor", -1.0f),
            Map.entry("yarn_beta_fast", -1.0f),
            Map.entry("yarn_beta_slow", -1.0f),
            Map.entry("defrag_thold", -1.0f),
            Map.entry("type_k", 1), // GGML_TYPE_F16
            Map.entry("type_v", 1),
            Map.entry("embeddings", false),
            Map.entry("offload_kqv", true),
            Map.entry("no_perf", true),
            Map.entry("op_offload", true),
            Map.entry("swa_full", true),
            Map.entry("kv_unified", false));

    static final CApi API = new CApi("2026-09", symbols(), "llama_memory_seq_rm", "llama_get_memory", true,
            new CApi.Mmap("load_mode", 1, 0), // LLAMA_LOAD_MODE_MMAP, LLAMA_LOAD_MODE_NONE
            MODEL_PARAMS, CONTEXT_PARAMS, B4916.BATCH, B4916.SAMPLER_CHAIN_PARAMS, B4916.TOKEN_DATA,
            B4916.TOKEN_DATA_ARRAY, B4916.CHAT_MESSAGE, B4916.LOGIT_BIAS, MODEL_DEFAULTS, CONTEXT_DEFAULTS);

    /** b4916's functions with the KV call replaced by the {@code llama_memory_*} pair. */
    private static List<String> symbols() {
        List<String> names = new ArrayList<>(B4916.API.symbols());
        names.remove("llama_kv_self_seq_rm");
        names.add("llama_memory_seq_rm");
        names.add("llama_get_memory");
        return names;
    }
}
