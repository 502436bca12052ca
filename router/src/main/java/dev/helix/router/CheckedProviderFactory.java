package dev.helix.router;

import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import java.nio.file.Files;

/**
 * Wraps the real factory so that every way a load can fail is a {@link ModelLoadException} with the
 * reason (a factory that throws anything else, or one that returns nothing), except a missing file: that is
 * {@link ModelNotFoundException} (404), checked first (a removable drive may be gone, a file deleted since the
 * last scan) and again when the load fails (deleted while it started).
 */
final class CheckedProviderFactory implements ProviderFactory {
    private final ProviderFactory factory;

    CheckedProviderFactory(ProviderFactory factory) {
        this.factory = factory;
    }

    @Override
    public Provider open(ModelEntry entry) {
        if (!Files.isRegularFile(entry.path())) {
            throw gone(entry);
        }
        Provider provider;
        try {
            provider = factory.open(entry);
        } catch (ModelLoadException e) {
            if (!Files.isRegularFile(entry.path())) {
                throw gone(entry);
            }
            throw e;
        } catch (RuntimeException e) {
            throw failed(entry, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), e);
        }
        if (provider == null) {
            throw failed(entry, "the provider factory returned no provider", null);
        }
        return provider;
    }

    static ModelNotFoundException gone(ModelEntry entry) {
        return new ModelNotFoundException(entry.id(), "its file " + entry.path() + " is gone");
    }

    static ModelLoadException failed(ModelEntry entry, String reason, Throwable cause) {
        return new ModelLoadException("failed to load model \"" + entry.id() + "\": " + reason, cause);
    }
}
