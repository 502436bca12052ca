package dev.helix.router;

import dev.helix.provider.Provider;

/**
 * The right to use one loaded model. While any lease on a model is open the router never unloads it.
 * Close it when the request is done (for a stream: after the last chunk was written or the client went away).
 */
public interface Lease extends AutoCloseable {
    /**
     * The name to send to {@link #provider()}: a local model's catalog id (whatever alias the request used), or the
     * public name a group of backends serves.
     */
    String name();

    /** The loaded provider serving it. */
    Provider provider();

    /** Nanoseconds this request spent waiting for the model to load (0 when it was already loaded). */
    long loadNanos();

    /** Releases the model; idempotent. */
    @Override
    void close();
}
