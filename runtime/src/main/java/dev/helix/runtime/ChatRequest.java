package dev.helix.runtime;

import java.util.List;
import java.util.Objects;

/** A chat turn: the whole conversation so far, rendered through the model's chat template. */
public record ChatRequest(String model, List<ChatMessage> messages, GenerationOptions options) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        options = options == null ? GenerationOptions.DEFAULTS : options;
    }
}
