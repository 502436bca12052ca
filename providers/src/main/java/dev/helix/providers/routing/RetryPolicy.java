package dev.helix.providers.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Retries of one backend before the first chunk: at most {@link #maxRetries()} more tries, the n-th after a pause of
 * {@code base * 2^(n-1)}, capped at {@link #maxDelay()}, with "full jitter" (a uniform draw between half that and
 * all of it), so that many clients retrying together spread out.
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULTS = new RetryPolicy(1, Duration.ofMillis(100), Duration.ofSeconds(2));
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxRetries < 0 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxRetries >= 0 and 0 <= baseDelay <= maxDelay");
        }
    }

    /** The pause before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry, RandomGenerator random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1");
        }
        long cap = maxDelay.toNanos();
        long exponential = baseDelay.toNanos() << Math.min(retry - 1, 30);
        long ceiling = exponential < 0 || exponential > cap ? cap : exponential;
        if (ceiling == 0) {
            return Duration.ZERO;
        }
        long floor = ceiling / 2;
        return Duration.ofNanos(floor + random.nextLong(ceiling - floor + 1));
    }
}
