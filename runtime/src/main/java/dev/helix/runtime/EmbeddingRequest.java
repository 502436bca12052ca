package dev.helix.runtime;

import java.util.List;
import java.util.Objects;

/** Texts to embed, one vector each. */
public record EmbeddingRequest(String model, List<String> inputs) {
    public EmbeddingRequest {
        Objects.requireNonNull(model, "model");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("input must not be empty");
        }
    }
}
