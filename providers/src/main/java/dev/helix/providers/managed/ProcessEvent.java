package dev.helix.providers.managed;

import java.time.Duration;
import java.time.Instant;

/** What happened to a managed provider's process, for logs and alerts ({@link ProcessEventListener}). */
public sealed interface ProcessEvent {
    /** The provider's name in models.yaml. */
    String provider();

    Instant at();

    /** A start began: the process runs, not yet ready. {@code attempt} 1 is the first start, then each restart. */
    record Starting(String provider, Instant at, long pid, int port, int attempt) implements ProcessEvent {}

    /** The readiness probe answered. */
    record Ready(String provider, Instant at, long pid, Duration took) implements ProcessEvent {}

    /** The process exited, did not become ready, or stayed unhealthy; {@code why} says which. */
    record Exited(String provider, Instant at, long pid, String why) implements ProcessEvent {}

    /** A restart waits {@code delay} first. */
    record Restarting(String provider, Instant at, int attempt, Duration delay) implements ProcessEvent {}

    /** No more restarts: the provider stays down until started by hand (or the configuration changes). */
    record Failed(String provider, Instant at, String why, int restarts) implements ProcessEvent {}

    /** Stopped on purpose (Helix stopping, or a user's stop). */
    record Stopped(String provider, Instant at) implements ProcessEvent {}
}
