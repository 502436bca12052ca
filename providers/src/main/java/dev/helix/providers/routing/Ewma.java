package dev.helix.providers.routing;

/**
 * An exponentially weighted moving average of a latency in nanoseconds; thread-safe. Empty until the first
 * sample, so a backend that was never measured is tried before measured ones (it may be the fastest).
 */
final class Ewma {
    private final double alpha;
    private double value;
    private boolean empty = true;

    /** @param alpha the weight of a new sample, in (0, 1] */
    Ewma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1]");
        }
        this.alpha = alpha;
    }

    synchronized void add(long nanos) {
        value = empty ? nanos : alpha * nanos + (1 - alpha) * value;
        empty = false;
    }

    /** The average, or 0 before the first sample. */
    synchronized long nanos() {
        return empty ? 0 : Math.round(value);
    }

    synchronized boolean empty() {
        return empty;
    }
}
