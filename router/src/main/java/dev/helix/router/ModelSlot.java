package dev.helix.router;

import dev.helix.provider.ModelLoadException;
import dev.helix.provider.Provider;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One model's place in the {@link ModelRouter}: created when a request needs the model, removed when it is
 * unloaded or its load failed; never reused. Every field is guarded by the router's lock.
 */
final class ModelSlot {
    enum State {
        /** A request wants the model and waits for a free slot; does not count against capacity. */
        WAITING,
        /** The provider is being opened. */
        LOADING,
        /** The provider serves requests. */
        READY,
        /** The provider is being closed; still counts against capacity until close() returned. */
        UNLOADING
    }

    final ModelEntry entry;
    State state = State.WAITING;
    Provider provider;
    /** Open leases. */
    int leases;
    /** Router tick of the last lease taken or returned: the LRU order. */
    long lastUsed;
    /** keep_alive of the most recent request. */
    KeepAlive keepAlive;
    /** unload() was called while in use or loading: unload when the last lease closes. */
    boolean unloadRequested;
    Instant loadedAt;
    /** When an idle model expires, for display; null while in use or when it never expires. */
    Instant expiresAt;
    /** Identifies the current expiry: a scheduled expiry whose token is stale does nothing. */
    long expiryToken;
    ScheduledFuture<?> expiry;
    /** Set when the load failed ({@link ModelLoadException}, or not found: the file is gone), for the requests that
     * waited on it. */
    dev.helix.provider.ProviderException failure;

    ModelSlot(ModelEntry entry) {
        this.entry = entry;
    }

    String id() {
        return entry.id();
    }

    boolean countsAgainstCapacity() {
        return state != State.WAITING;
    }

    boolean idle() {
        return state == State.READY && leases == 0;
    }

    /** Forgets any scheduled expiry (a lease was taken, or the model is unloading). */
    void cancelExpiry() {
        expiryToken++;
        expiresAt = null;
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
