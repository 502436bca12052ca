package dev.helix.router;

import dev.helix.runtime.Provider;

/** Starts the provider that serves one catalog model (for GGUF files: a llama.cpp runner). */
@FunctionalInterface
public interface ProviderFactory {
    /** Loads the model; blocks until it can serve. Throws ModelLoadException when it cannot. */
    Provider open(ModelEntry entry);
}
