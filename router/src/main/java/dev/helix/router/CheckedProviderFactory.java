package dev.helix.router;

import dev.helix.provider.ModelLoadException;
import dev.helix.provider.Provider;
import java.nio.file.Files;

/**
 * Wraps the real factory so that every way a load can fail is a {@link ModelLoadException} with the
 * reason: a missing file (checked first: a removable drive may be gone), a factory that throws anything
 * else, or one that returns nothing.
 */
final class CheckedProviderFactory implements ProviderFactory {
    private final ProviderFactory factory;

    CheckedProviderFactory(ProviderFactory factory) {
        this.factory = factory;
    }

    @Override
    public Provider open(ModelEntry entry) {
        if (!Files.isRegularFile(entry.path())) {
            throw new ModelLoadException("model file not found: " + entry.path(), null);
        }
        Provider provider;
        try {
            provider = factory.open(entry);
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(entry, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), e);
        }
        if (provider == null) {
            throw failed(entry, "the provider factory returned no provider", null);
        }
        return provider;
    }

    static ModelLoadException failed(ModelEntry entry, String reason, Throwable cause) {
        return new ModelLoadException("failed to load model \"" + entry.id() + "\": " + reason, cause);
    }
}
