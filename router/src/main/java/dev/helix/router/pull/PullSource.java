package dev.helix.router.pull;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a pull names: a model of Ollama's registry ({@code llama3.2:1b}, {@code NAMESPACE/NAME:TAG}), a Hugging Face
 * repository's GGUF file as Ollama names it, or a plain URL of a GGUF file.
 */
public sealed interface PullSource {
    Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    String OLLAMA_HOST = "registry.ollama.ai";

    /**
     * {@code hf.co/ORG/REPO:QUANT} (also {@code huggingface.co/...}); without a tag the repository's Q4_K_M file, or
     * its only one.
     */
    record HuggingFace(String org, String repo, String tag) implements PullSource {}

    /**
     * A model of Ollama's registry: {@code NAME[:TAG]} in the {@code library} namespace, {@code NAMESPACE/NAME[:TAG]},
     * optionally after {@code registry.ollama.ai/}; the tag {@code latest} when none is given.
     */
    record Ollama(String namespace, String model, String tag) implements PullSource {
        /** The name Ollama (and Helix) serve it under: {@code llama3.2:1b}, {@code NAMESPACE/NAME:TAG}. */
        public String servedName() {
            return (namespace.equals("library") ? "" : namespace + "/") + model + ":" + tag;
        }
    }

    /** An {@code http(s)} URL of a GGUF file, optionally ending in {@code #sha256=HEX} to verify it. */
    record Url(URI uri) implements PullSource {}

    static PullSource parse(String name) {
        if (name == null || name.isBlank()) {
            throw new PullException(400, "model is required");
        }
        String n = name.strip();
        String lower = n.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = URI.create(n);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                return new Url(uri);
            } catch (IllegalArgumentException e) {
                throw new PullException(400, "not a URL: " + n);
            }
        }
        for (String prefix : new String[] {"hf.co/", "huggingface.co/"}) {
            if (lower.startsWith(prefix)) {
                String rest = n.substring(prefix.length());
                int colon = rest.indexOf(':');
                String path = colon < 0 ? rest : rest.substring(0, colon);
                String tag = colon < 0 ? null : rest.substring(colon + 1);
                String[] parts = path.split("/");
                if (parts.length != 2 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()
                        || (tag != null && !SEGMENT.matcher(tag).matches())) {
                    throw new PullException(400, "\"" + n + "\" is not a Hugging Face model name: use hf.co/ORG/REPO "
                            + "or hf.co/ORG/REPO:QUANT (e.g. hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M)");
                }
                return new HuggingFace(parts[0], parts[1], tag == null || tag.equalsIgnoreCase("latest") ? null : tag);
            }
        }
        return ollama(n);
    }

    /** Ollama's name rules: segments of letters, digits, {@code _ . -}; a tag of up to 128 of them. */
    private static Ollama ollama(String n) {
        String rest = n.toLowerCase(Locale.ROOT).startsWith(OLLAMA_HOST + "/") ? n.substring(OLLAMA_HOST.length() + 1)
                : n;
        int colon = rest.lastIndexOf(':');
        String path = colon < 0 ? rest : rest.substring(0, colon);
        String tag = colon < 0 ? "latest" : rest.substring(colon + 1);
        String[] parts = path.split("/", -1);
        boolean valid = parts.length <= 2 && TAG.matcher(tag).matches();
        for (String part : parts) {
            valid &= SEGMENT.matcher(part).matches();
        }
        if (!valid) {
            throw new PullException(400, "\"" + n + "\" is not a model name Helix can pull: use an Ollama name (llama3.2:1b, "
                    + "NAMESPACE/NAME:TAG), hf.co/ORG/REPO:QUANT or the URL of a .gguf file");
        }
        return parts.length == 1 ? new Ollama("library", parts[0], tag) : new Ollama(parts[0], parts[1], tag);
    }
}
