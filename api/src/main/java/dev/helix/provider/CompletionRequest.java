package dev.helix.provider;

import java.util.Objects;

/**
 * A raw prompt to continue; no template is applied.
 *
 * @param suffix text that must follow the generated text (fill-in-the-middle: the prompt is the prefix), or null
 */
public record CompletionRequest(String model, String prompt, String suffix, GenerationOptions options) {
    public CompletionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        options = options == null ? GenerationOptions.DEFAULTS : options;
        suffix = suffix == null || suffix.isEmpty() ? null : suffix;
    }

    public CompletionRequest(String model, String prompt, GenerationOptions options) {
        this(model, prompt, null, options);
    }

    /** The same request for a model of another name (the name a backend knows the model by). */
    public CompletionRequest withModel(String name) {
        return new CompletionRequest(name, prompt, suffix, options);
    }
}
