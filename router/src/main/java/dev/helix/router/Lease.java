package dev.helix.router;

import dev.helix.provider.Provider;

/**
 * The right to use one loaded model. While any lease on a model is open the router never unloads it.
 * Close it when the request is done (for a stream: after the last chunk was written or the client went away).
 */
public interface Lease extends AutoCloseable {
    /** The catalog entry the request resolved to. */
    ModelEntry model();

    /** The loaded provider serving it. */
    Provider provider();

    /** Nanoseconds this request spent waiting for the model to load (0 when it was already loaded). */
    long loadNanos();

    /** Releases the model; idempotent. */
    @Override
    void close();
}
