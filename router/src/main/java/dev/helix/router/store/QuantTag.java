package dev.helix.router.store;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The quantization a GGUF file name ends with, as Ollama tags Hugging Face models: {@code hf.co/ORG/REPO:Q4_K_M}. */
public final class QuantTag {
    private static final Pattern QUANT = Pattern.compile(
            "(?:.*[-._])?(I?Q\\d+(?:_[A-Za-z0-9]+)*|BF16|F16|F32|FP16)", Pattern.CASE_INSENSITIVE);

    private QuantTag() {}

    /** {@code Llama-3.2-1B-Instruct-Q4_K_M} gives {@code Q4_K_M}; a stem without one gives empty. */
    public static Optional<String> of(String stem) {
        var m = QUANT.matcher(stem);
        return m.matches() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /** The tag of a file in a Hugging Face repository: its quantization, else its stem. */
    public static String tagOf(String stem) {
        return of(stem).orElse(stem);
    }

    /** The name Ollama gives a file of a Hugging Face repository. */
    public static String hfName(String org, String repo, String stem) {
        return "hf.co/" + org + "/" + repo + ":" + tagOf(stem);
    }
}
