package dev.helix.runtime.llamacpp;

import dev.helix.provider.ModelLoadException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The model architectures the llama.cpp bundled in the binding's jar (b4916, March 2025) can load, checked before a
 * file reaches it: a model of a newer architecture (qwen3, gemma3n, gpt-oss, llama4, glm4moe...) gets a message that
 * says which library it needs and how to build it, instead of llama.cpp's "unknown model architecture".
 *
 * <p>The list is {@code LLM_ARCH_NAMES} of {@code src/llama-arch.cpp} at b4980 (the llama.cpp in
 * {@code node-llama-cpp@3.7.0}'s git bundle), less the one architecture added between b4916 and b4980: {@code plm}.
 * b4980's bundle is one squashed commit, so the difference was read from the bundled {@code libjllama.so} itself
 * (Linux x86_64): every other name of b4980's list is among its strings (some only as the tail of a longer one the
 * linker merged them into: {@code qwen} in {@code deepseek-r1-qwen}, {@code rwkv7} in {@code arwkv7}), {@code plm}
 * is not.
 */
public final class BundledArchitectures {

    /** The bundled library's llama.cpp build. */
    public static final String BUNDLED_BUILD = "b4916";

    /** What the bundled llama.cpp loads: b4980's 61 architectures less {@code plm}. */
    public static final Set<String> SUPPORTED = Set.of(
            "llama", "deci", "falcon", "grok", "gpt2", "gptj", "gptneox", "mpt", "baichuan", "starcoder", "refact",
            "bert", "nomic-bert", "jina-bert-v2", "bloom", "stablelm", "qwen", "qwen2", "qwen2moe", "qwen2vl", "phi2",
            "phi3", "phimoe", "plamo", "codeshell", "orion", "internlm2", "minicpm", "minicpm3", "gemma", "gemma2",
            "gemma3", "starcoder2", "mamba", "xverse", "command-r", "cohere2", "dbrx", "olmo", "olmo2", "olmoe",
            "openelm", "arctic", "deepseek", "deepseek2", "chatglm", "bitnet", "t5", "t5encoder", "jais", "nemotron",
            "exaone", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "granite", "granitemoe", "chameleon",
            "wavtokenizer-dec");

    private BundledArchitectures() {
    }

    /**
     * Refuses a model whose {@code general.architecture} the bundled library cannot load. A file without one is let
     * through: llama.cpp reports that itself.
     *
     * @throws ModelLoadException naming the architecture, the library it needs and how to build that
     */
    public static void requireSupported(String model, Path file, String architecture) {
        if (architecture == null || SUPPORTED.contains(architecture)) {
            return;
        }
        throw new ModelLoadException(model + " (" + file + ") uses architecture " + architecture
                + ", which the bundled llama.cpp (" + BUNDLED_BUILD + ") cannot load: it needs the current llama.cpp"
                + " library, which `native/build.sh --backend cpu` builds into ~/.helix/native/cpu/current, loaded"
                + " by the ffm engine (`engine: ffm`)", null);
    }
}
