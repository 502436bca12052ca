package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.List;
import java.util.Map;

/**
 * One generation of llama.cpp's C API: the struct layouts this engine passes and reads, the symbols it needs, and
 * the default parameters the library must return (the round trip that proves the layouts match the library). Each
 * generation is one instance ({@link B4916#API}, {@link Current#API}); everything that differs between generations
 * is here, as data, so the engine never asks which generation it runs on.
 *
 * @param name               how messages name it ("b4916", "2026-09")
 * @param symbols            functions that must be exported
 * @param seqRemove          the function that frees a sequence's KV cells ({@code llama_kv_self_seq_rm} in b4916,
 *                           {@code llama_memory_seq_rm} later)
 * @param memoryOf           the function that gives a context's KV memory, which {@code seqRemove} takes
 *                           ({@code llama_get_memory}); null where {@code seqRemove} takes the context itself
 * @param penaltiesTakeVocab whether {@code llama_sampler_init_penalties} takes the vocabulary size first
 * @param mmap               how {@code llama_model_params} says whether to memory-map the file
 * @param modelParams        {@code struct llama_model_params}
 * @param contextParams      {@code struct llama_context_params}
 * @param batch              {@code struct llama_batch}
 * @param samplerChainParams {@code struct llama_sampler_chain_params}
 * @param tokenData          {@code struct llama_token_data}
 * @param tokenDataArray     {@code struct llama_token_data_array}
 * @param chatMessage        {@code struct llama_chat_message}
 * @param logitBias          {@code struct llama_logit_bias}
 * @param modelDefaults      fields of {@code llama_model_default_params()} and the values it must return
 * @param contextDefaults    fields of {@code llama_context_default_params()} and the values it must return
 */
public record CApi(String name, List<String> symbols, String seqRemove, String memoryOf, boolean penaltiesTakeVocab,
                   Mmap mmap, StructLayout modelParams, StructLayout contextParams, StructLayout batch,
                   StructLayout samplerChainParams, StructLayout tokenData, StructLayout tokenDataArray,
                   StructLayout chatMessage, StructLayout logitBias, Map<String, Object> modelDefaults,
                   Map<String, Object> contextDefaults) {

    /** The generations this engine knows, oldest first. */
    public static List<CApi> known() {
        return List.of(B4916.API, Current.API);
    }

    /**
     * The model params' memory-map switch: a {@code bool} field (b4916's {@code use_mmap}) or an enum field
     * (later {@code load_mode}), with the value for on and for off.
     */
    public record Mmap(String field, Object on, Object off) {
        void write(MemorySegment params, StructLayout layout, boolean mmap) {
            long at = offset(layout, field);
            switch (mmap ? on : off) {
                case Boolean b -> params.set(JAVA_BOOLEAN, at, b);
                case Integer i -> params.set(JAVA_INT, at, i);
                default -> throw new IllegalStateException("no writer for " + on);
            }
        }
    }

    public CApi {
        symbols = List.copyOf(symbols);
        modelDefaults = Map.copyOf(modelDefaults);
        contextDefaults = Map.copyOf(contextDefaults);
    }

    /** The same layouts expecting other defaults (for the test that feeds a mismatch). */
    public CApi withContextDefaults(Map<String, Object> expected) {
        return new CApi(name, symbols, seqRemove, memoryOf, penaltiesTakeVocab, mmap, modelParams, contextParams,
                batch, samplerChainParams, tokenData, tokenDataArray, chatMessage, logitBias, modelDefaults, expected);
    }

    /** The byte offset of a named field. */
    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
