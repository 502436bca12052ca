package dev.helix.router;

import dev.helix.provider.Provider;

/** Starts the provider that serves one catalog model (for GGUF files: a llama.cpp runner). */
@FunctionalInterface
public interface ProviderFactory {
    /**
     * Loads the model; blocks until it can serve. Throws ModelLoadException when it cannot; the router
     * treats any other RuntimeException the same way (wrapped, with its message as the reason). The router
     * checks that the model file exists before calling this.
     */
    Provider open(ModelEntry entry);
}
