package dev.helix.router.upstream;

import java.time.Duration;

/**
 * When the next health round comes after one that found a backend down: sooner than the interval, first after
 * {@link #FIRST}, then twice as long each time, until the interval itself comes as soon; back to {@link #FIRST} once a
 * round finds none down. A Helix started before its upstream (two started together, or an upstream restarting) so
 * lists and routes to it within seconds of its coming up, where the interval (30 s by default) would leave its models
 * unlisted for up to that long. At most one early round is pending at a time.
 */
final class DownRetries {
    static final Duration FIRST = Duration.ofSeconds(1);

    private Duration next = FIRST;
    private boolean pending;

    /**
     * After a round: how long until an early round, or null when none is due (none down, one already pending, or the
     * interval comes as soon).
     */
    synchronized Duration after(boolean anyDown, Duration interval) {
        if (!anyDown) {
            next = FIRST;
            return null;
        }
        if (pending || next.compareTo(interval) >= 0) {
            return null;
        }
        pending = true;
        Duration delay = next;
        next = next.multipliedBy(2);
        return delay;
    }

    /** The early round is running: the next one may be scheduled. */
    synchronized void started() {
        pending = false;
    }
}
