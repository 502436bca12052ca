package dev.helix.provider;

import java.util.List;
import java.util.Objects;

/**
 * Texts to embed, one vector each.
 *
 * @param truncate cut an input longer than the model takes at once to its first tokens, instead of refusing it
 */
public record EmbeddingRequest(String model, List<String> inputs, boolean truncate) {
    public EmbeddingRequest {
        Objects.requireNonNull(model, "model");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new InvalidRequestException("input must not be empty");
        }
    }

    public EmbeddingRequest(String model, List<String> inputs) {
        this(model, inputs, false);
    }

    /** The same request for a model of another name (the name a backend knows the model by). */
    public EmbeddingRequest withModel(String name) {
        return new EmbeddingRequest(name, inputs, truncate);
    }
}
