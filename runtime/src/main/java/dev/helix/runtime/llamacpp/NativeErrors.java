package dev.helix.runtime.llamacpp;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;

/** Classifies the binding's (package-private) {@code LlamaException} messages into Helix's error kinds. */
final class NativeErrors {
    private static final String BINDING_EXCEPTION = "de.kherud.llama.LlamaException";

    private NativeErrors() {}

    /** The generation reached the end of its context; with context shift disabled llama.cpp reports it as an error. */
    static boolean isContextFull(RuntimeException e) {
        return fromBinding(e) && String.valueOf(e.getMessage()).contains("context shift is disabled");
    }

    /** llama.cpp refused a prompt that does not fit the slot's context. */
    static boolean isPromptTooLong(RuntimeException e) {
        return fromBinding(e) && String.valueOf(e.getMessage()).contains("exceeds the available context size");
    }

    static ProviderException translate(RuntimeException e) {
        if (e instanceof ProviderException known) {
            return known;
        }
        String message = String.valueOf(e.getMessage());
        if (fromBinding(e) && (message.contains("exceeds the available context size")
                || message.contains("input is too large") || message.contains("increase the physical batch size"))) {
            return new InvalidRequestException("llama.cpp: " + message);
        }
        return new ProviderFailedException("llama.cpp: " + message, e);
    }

    private static boolean fromBinding(RuntimeException e) {
        return e.getClass().getName().equals(BINDING_EXCEPTION);
    }
}
