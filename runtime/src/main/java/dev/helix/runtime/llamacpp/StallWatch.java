package dev.helix.runtime.llamacpp;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a runner was last heard from, on the server's side: every frame it sends counts, heartbeats included
 * ({@link RunnerHeartbeat}), so silence longer than the limit means the process is stopped or frozen, not slow. The
 * clock is a nanosecond ticker ({@link System#nanoTime()} in use), which does not run while the machine sleeps, so a
 * laptop waking up does not find its runners stalled.
 */
final class StallWatch {
    private final LongSupplier clock;
    private final long limitNanos;
    private volatile long heardAt;

    StallWatch(Duration limit, LongSupplier clock) {
        this.clock = clock;
        this.limitNanos = limit.toNanos();
        this.heardAt = clock.getAsLong();
    }

    /** The runner sent something. */
    void heard() {
        heardAt = clock.getAsLong();
    }

    /** Whether the runner has been silent for longer than the limit. */
    boolean stalled() {
        return clock.getAsLong() - heardAt > limitNanos;
    }

    /**
     * One look by the watch, {@code sinceLastLook} real nanoseconds after its previous one: whether the runner
     * stalled. A look that comes more than half the limit late means this process was not running (stopped,
     * suspended, starved) and its reader has not caught up with what the runner sent meanwhile, so the silence is
     * counted afresh from now instead of blamed on the runner.
     */
    boolean check(long sinceLastLook) {
        if (sinceLastLook > limitNanos / 2) {
            heard();
            return false;
        }
        return stalled();
    }

    /** The silence so far, for messages. */
    Duration silence() {
        return Duration.ofNanos(Math.max(0, clock.getAsLong() - heardAt));
    }

    /** The ticker reading of the last frame; for tests. */
    long heardAt() {
        return heardAt;
    }
}
