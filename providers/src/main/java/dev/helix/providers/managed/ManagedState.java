package dev.helix.providers.managed;

/** Where a managed provider's process is in its life. */
public enum ManagedState {
    /** Not running, and not asked to: starts on the next request that needs it (or a user's start). */
    STOPPED,
    /** Running, waiting for its readiness probe. */
    STARTING,
    /** Ready and serving. */
    RUNNING,
    /** Exited or failed to start; waits before the next start. */
    BACKOFF,
    /** Out of restarts: stays down until started by hand or the configuration changes. */
    FAILED
}
