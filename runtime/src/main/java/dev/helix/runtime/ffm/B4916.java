package dev.helix.runtime.ffm;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;

/**
 * The C API of the library inside the binding's jar (llama.cpp b4916), written from b4980's {@code llama.h}, whose
 * structs are byte-identical from b4753 to b4980. Offsets and padding are the LP64 C ABI's (x86_64 and aarch64):
 * pointers and {@code size_t} 8-aligned, {@code bool} one byte, enums four.
 */
final class B4916 {
    private B4916() {}

    /** {@code struct llama_model_params}: 64 bytes. */
    static final StructLayout MODEL_PARAMS = structLayout(
            ADDRESS.withName("devices"),
            JAVA_INT.withName("n_gpu_layers"),
            JAVA_INT.withName("split_mode"),
            JAVA_INT.withName("main_gpu"),
            paddingLayout(4),
            ADDRESS.withName("tensor_split"),
            ADDRESS.withName("progress_callback"),
            ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"),
            JAVA_BOOLEAN.withName("use_mmap"),
            JAVA_BOOLEAN.withName("use_mlock"),
            JAVA_BOOLEAN.withName("check_tensors"),
            paddingLayout(4)).withName("llama_model_params");

    /** {@code struct llama_context_params}: 120 bytes. */
    static final StructLayout CONTEXT_PARAMS = structLayout(
            JAVA_INT.withName("n_ctx"),
            JAVA_INT.withName("n_batch"),
            JAVA_INT.withName("n_ubatch"),
            JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_threads"),
            JAVA_INT.withName("n_threads_batch"),
            JAVA_INT.withName("rope_scaling_type"),
            JAVA_INT.withName("pooling_type"),
            JAVA_INT.withName("attention_type"),
            JAVA_FLOAT.withName("rope_freq_base"),
            JAVA_FLOAT.withName("rope_freq_scale"),
            JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"),
            JAVA_FLOAT.withName("yarn_beta_fast"),
            JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"),
            JAVA_FLOAT.withName("defrag_thold"),
            paddingLayout(4),
            ADDRESS.withName("cb_eval"),
            ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"),
            JAVA_INT.withName("type_v"),
            JAVA_BOOLEAN.withName("logits_all"),
            JAVA_BOOLEAN.withName("embeddings"),
            JAVA_BOOLEAN.withName("offload_kqv"),
            JAVA_BOOLEAN.withName("flash_attn"),
            JAVA_BOOLEAN.withName("no_perf"),
            paddingLayout(3),
            ADDRESS.withName("abort_callback"),
            ADDRESS.withName("abort_callback_data")).withName("llama_context_params");

    /** {@code struct llama_batch}: 56 bytes. */
    static final StructLayout BATCH = structLayout(
            JAVA_INT.withName("n_tokens"),
            paddingLayout(4),
            ADDRESS.withName("token"),
            ADDRESS.withName("embd"),
            ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"),
            ADDRESS.withName("seq_id"),
            ADDRESS.withName("logits")).withName("llama_batch");

    /** {@code struct llama_sampler_chain_params}: one bool. */
    static final StructLayout SAMPLER_CHAIN_PARAMS = structLayout(
            JAVA_BOOLEAN.withName("no_perf")).withName("llama_sampler_chain_params");

    /** {@code struct llama_token_data}: 12 bytes. */
    static final StructLayout TOKEN_DATA = structLayout(
            JAVA_INT.withName("id"),
            JAVA_FLOAT.withName("logit"),
            JAVA_FLOAT.withName("p")).withName("llama_token_data");

    /** {@code struct llama_token_data_array}: 32 bytes. */
    static final StructLayout TOKEN_DATA_ARRAY = structLayout(
            ADDRESS.withName("data"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("selected"),
            JAVA_BOOLEAN.withName("sorted"),
            paddingLayout(7)).withName("llama_token_data_array");

    /** {@code struct llama_chat_message}: 16 bytes. */
    static final StructLayout CHAT_MESSAGE = structLayout(
            ADDRESS.withName("role"),
            ADDRESS.withName("content")).withName("llama_chat_message");

    /** {@code struct llama_logit_bias}: 8 bytes. */
    static final StructLayout LOGIT_BIAS = structLayout(
            JAVA_INT.withName("token"),
            JAVA_FLOAT.withName("bias")).withName("llama_logit_bias");

    /**
     * What {@code llama_model_default_params()} returns in b4916 (llama-model.cpp), for a CPU build: fields on both
     * sides of the padding and at the end, so a shifted or resized struct reads back wrong.
     */
    private static final Map<String, Object> MODEL_DEFAULTS = Map.of(
            "split_mode", 1, // LLAMA_SPLIT_MODE_LAYER
            "main_gpu", 0,
            "vocab_only", false,
            "use_mmap", true,
            "use_mlock", false,
            "check_tensors", false);

    /** What {@code llama_context_default_params()} returns in b4916 (llama-context.cpp). */
    private static final Map<String, Object> CONTEXT_DEFAULTS = Map.ofEntries(
            Map.entry("n_ctx", 512),
            Map.entry("n_batch", 2048),
            Map.entry("n_ubatch", 512),
            Map.entry("n_seq_max", 1),
            Map.entry("rope_scaling_type", -1),
            Map.entry("pooling_type", -1),
            Map.entry("attention_type", -1),
            Map.entry("yarn_ext_factor", -1.0f),
            Map.entry("yarn_attn_factor", 1.0f),
            Map.entry("yarn_beta_fast", 32.0f),
            Map.entry("yarn_beta_slow", 1.0f),
            Map.entry("defrag_thold", -1.0f),
            Map.entry("type_k", 1), // GGML_TYPE_F16
            Map.entry("type_v", 1),
            Map.entry("logits_all", false),
            Map.entry("embeddings", false),
            Map.entry("offload_kqv", true),
            Map.entry("flash_attn", false),
            Map.entry("no_perf", true));

    static final CApi API = new CApi("b4916", List.of(
            "llama_backend_init", "llama_print_system_info", "llama_log_set",
            "llama_model_default_params", "llama_context_default_params", "llama_sampler_chain_default_params",
            "llama_model_load_from_file", "llama_model_free", "llama_init_from_model", "llama_free",
            "llama_model_get_vocab", "llama_model_chat_template", "llama_n_ctx", "llama_vocab_n_tokens",
            "llama_vocab_is_eog", "llama_vocab_get_add_bos", "llama_vocab_bos", "llama_vocab_eos",
            "llama_vocab_fim_pre", "llama_vocab_fim_suf", "llama_vocab_fim_mid",
            "llama_vocab_fim_rep", "llama_vocab_fim_sep",
            "llama_tokenize", "llama_token_to_piece", "llama_chat_apply_template",
            "llama_decode", "llama_get_logits_ith", "llama_kv_self_seq_rm",
            "llama_sampler_chain_init", "llama_sampler_chain_add", "llama_sampler_free", "llama_sampler_sample",
            "llama_sampler_init_greedy", "llama_sampler_init_dist", "llama_sampler_init_top_k",
            "llama_sampler_init_top_p", "llama_sampler_init_min_p", "llama_sampler_init_typical",
            "llama_sampler_init_temp", "llama_sampler_init_penalties", "llama_sampler_init_logit_bias",
            "llama_sampler_init_grammar",
            "llama_model_n_embd", "llama_get_embeddings_ith", "llama_get_embeddings_seq"),
            "llama_kv_self_seq_rm", null, false, new CApi.Mmap("use_mmap", true, false), MODEL_PARAMS,
            CONTEXT_PARAMS, BATCH, SAMPLER_CHAIN_PARAMS, TOKEN_DATA, TOKEN_DATA_ARRAY, CHAT_MESSAGE, LOGIT_BIAS,
            MODEL_DEFAULTS, CONTEXT_DEFAULTS);
}
