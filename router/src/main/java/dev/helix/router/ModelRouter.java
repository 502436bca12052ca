package dev.helix.router;

import java.util.List;
import java.util.Optional;

/**
 * Decides which loaded provider serves a request: resolves names, loads models on demand through the
 * {@link ProviderFactory}, keeps at most {@code maxLoadedModels} loaded and unloads the least recently used
 * idle one first, waits rather than unloading a model in use, and loads each model at most once at a time.
 */
public final class ModelRouter implements AutoCloseable {

    /** Resolves the name (id, alias, optional ":latest" tag), loads it if needed and leases it. */
    public Lease acquire(String name, KeepAlive keepAlive) {
        throw new UnsupportedOperationException("router: to be written");
    }

    /** The catalog entry for a name, without loading anything. */
    public Optional<ModelEntry> find(String name) {
        throw new UnsupportedOperationException("router: to be written");
    }

    /** Every model the catalog knows, loaded or not. */
    public List<ModelEntry> available() {
        throw new UnsupportedOperationException("router: to be written");
    }

    /** The models loaded now. */
    public List<LoadedModel> loaded() {
        throw new UnsupportedOperationException("router: to be written");
    }

    /** Unloads a model as soon as no request uses it; returns false if it was not loaded. */
    public boolean unload(String name) {
        throw new UnsupportedOperationException("router: to be written");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("router: to be written");
    }
}
