package dev.helix.runtime.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;

/**
 * One generation of llama.cpp's C API: the struct layouts this engine passes and reads, the symbols it needs, and
 * the default parameters the library must return (the round trip that proves the layouts match the library). A
 * second generation is a second instance of this record; everything that differs between generations is here.
 *
 * @param name              how messages name it ("b4916")
 * @param symbols           functions that must be exported
 * @param seqRemove         the function that frees a sequence's KV cells ({@code llama_kv_self_seq_rm} in b4916)
 * @param modelParams       {@code struct llama_model_params}
 * @param contextParams     {@code struct llama_context_params}
 * @param batch             {@code struct llama_batch}
 * @param samplerChainParams {@code struct llama_sampler_chain_params}
 * @param tokenData         {@code struct llama_token_data}
 * @param tokenDataArray    {@code struct llama_token_data_array}
 * @param chatMessage       {@code struct llama_chat_message}
 * @param logitBias         {@code struct llama_logit_bias}
 * @param modelDefaults     fields of {@code llama_model_default_params()} and the values it must return
 * @param contextDefaults   fields of {@code llama_context_default_params()} and the values it must return
 */
public record CApi(String name, List<String> symbols, String seqRemove, StructLayout modelParams,
                   StructLayout contextParams, StructLayout batch, StructLayout samplerChainParams,
                   StructLayout tokenData, StructLayout tokenDataArray, StructLayout chatMessage,
                   StructLayout logitBias, Map<String, Object> modelDefaults, Map<String, Object> contextDefaults) {

    public CApi {
        symbols = List.copyOf(symbols);
        modelDefaults = Map.copyOf(modelDefaults);
        contextDefaults = Map.copyOf(contextDefaults);
    }

    /** The same layouts expecting other defaults (for the test that feeds a mismatch). */
    public CApi withContextDefaults(Map<String, Object> expected) {
        return new CApi(name, symbols, seqRemove, modelParams, contextParams, batch, samplerChainParams, tokenData,
                tokenDataArray, chatMessage, logitBias, modelDefaults, expected);
    }

    /** The byte offset of a named field. */
    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
