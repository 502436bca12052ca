package dev.helix.providers.managed;

import java.time.Duration;
import java.util.Objects;

/**
 * When a managed server that exits, fails to start, or stays unhealthy is started again.
 *
 * @param maxRestarts    restarts in a row before the server is marked failed (0 = never restart)
 * @param initialDelay   the wait before the first restart; each next one waits twice as long
 * @param maxDelay       the longest wait
 * @param unhealthyAfter health probes failed in a row, while running, that count as a crash
 * @param stableAfter    a server that ran this long before it failed starts its count of restarts afresh
 */
public record RestartPolicy(int maxRestarts, Duration initialDelay, Duration maxDelay, int unhealthyAfter,
                            Duration stableAfter) {
    public static final RestartPolicy DEFAULTS = new RestartPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 3,
            Duration.ofMinutes(10));

    public RestartPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(stableAfter, "stableAfter");
        if (maxRestarts < 0 || unhealthyAfter < 1 || initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("invalid restart policy: " + maxRestarts + ", " + initialDelay + ", "
                    + maxDelay + ", " + unhealthyAfter);
        }
    }

    /** The wait before restart number {@code attempt} (1 = the first): initial, doubled each time, capped. */
    public Duration delay(int attempt) {
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
