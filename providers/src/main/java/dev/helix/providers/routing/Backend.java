package dev.helix.providers.routing;

import dev.helix.provider.Health;
import dev.helix.provider.Provider;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend as the routing sees it: a provider (the embedded runtime, or an adapter to an external server) with
 * its breaker, the requests it has in flight, and its time to first token. Shared by every public name it serves.
 *
 * @see Target
 */
public final class Backend {

    /**
     * How a backend is configured for routing.
     *
     * @param priority    lower first for the priority strategy (the embedded runtime is 0 by default)
     * @param weight      share for the weighted strategy (at least 1)
     * @param maxInFlight requests it takes at once; 0 = no limit. A backend at its limit is skipped (saturated)
     * @param maxRetries  retries before the first chunk on this backend before failing over; -1 = the group's policy
     */
    public record Settings(int priority, int weight, int maxInFlight, int maxRetries) {
        public static final Settings DEFAULTS = new Settings(100, 1, 0, -1);

        public Settings {
            if (weight < 1 || maxInFlight < 0 || maxRetries < -1) {
                throw new IllegalArgumentException("weight must be >= 1, maxInFlight >= 0, maxRetries >= -1");
            }
        }

        public Settings(int priority, int weight, int maxInFlight) {
            this(priority, weight, maxInFlight, -1);
        }
    }

    private final Provider provider;
    private final Settings settings;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Ewma timeToFirstToken = new Ewma(0.3);

    public Backend(Provider provider, Settings settings, CircuitBreaker breaker) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
    }

    public String id() {
        return provider.id();
    }

    public Provider provider() {
        return provider;
    }

    public Settings settings() {
        return settings;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Requests sent to it and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The moving average of its time to first chunk; zero before the first request. */
    public Duration latency() {
        return Duration.ofNanos(timeToFirstToken.nanos());
    }

    boolean measured() {
        return !timeToFirstToken.empty();
    }

    /** Why it cannot take a request now, or null when it can (its breaker is asked separately, per try). */
    String unavailable() {
        Health health = provider.health();
        if (health.status() == Health.Status.DOWN) {
            return "down: " + health.detail();
        }
        if (settings.maxInFlight() > 0 && inFlight.get() >= settings.maxInFlight()) {
            return "saturated: " + inFlight.get() + " of " + settings.maxInFlight() + " requests in flight";
        }
        return null;
    }

    void begin() {
        inFlight.incrementAndGet();
    }

    void end() {
        inFlight.decrementAndGet();
    }

    void firstChunkAfter(long nanos) {
        timeToFirstToken.add(nanos);
    }
}
