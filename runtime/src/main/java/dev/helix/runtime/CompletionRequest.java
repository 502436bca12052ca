package dev.helix.runtime;

import java.util.Objects;

/** A raw prompt to continue; no template is applied. */
public record CompletionRequest(String model, String prompt, GenerationOptions options) {
    public CompletionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        options = options == null ? GenerationOptions.DEFAULTS : options;
    }
}
