package dev.helix.providers.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One backend's circuit breaker. CLOSED lets every request through; {@link Settings#failureThreshold()} failures in
 * a row open it, and OPEN refuses requests until {@link Settings#coolDown()} has passed; then one trial request is
 * let through (HALF_OPEN): its success closes the breaker, its failure opens it for another cool-down.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    /** @param failureThreshold consecutive failures that open the breaker (at least 1) */
    public record Settings(int failureThreshold, Duration coolDown) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofSeconds(30));

        public Settings {
            Objects.requireNonNull(coolDown, "coolDown");
            if (failureThreshold < 1 || coolDown.isNegative()) {
                throw new IllegalArgumentException("failureThreshold must be >= 1 and coolDown >= 0");
            }
        }
    }

    /** A change of state, for logs and alerts. */
    public record Transition(String backend, State from, State to, String why) {}

    private final String backend;
    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Consumer<Transition> listener;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialOut;

    public CircuitBreaker(String backend, Settings settings, LongSupplier nanoClock, Consumer<Transition> listener) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Whether a request may go to the backend now. After a true answer the caller must report the outcome with
     * {@link #success()} or {@link #failure(String)}, else a half-open breaker keeps its trial out.
     */
    public boolean tryAcquire() {
        Transition change = null;
        boolean allowed;
        synchronized (this) {
            switch (state) {
                case CLOSED -> allowed = true;
                case OPEN -> {
                    allowed = coolDownOver();
                    if (allowed) {
                        change = move(State.HALF_OPEN, "cool-down of " + settings.coolDown().toSeconds() + " s over");
                        trialOut = true;
                    }
                }
                case HALF_OPEN -> {
                    allowed = !trialOut;
                    trialOut = true;
                }
                default -> throw new IllegalStateException();
            }
        }
        publish(change);
        return allowed;
    }

    /** The last request went through: the breaker closes. */
    public void success() {
        Transition change = null;
        synchronized (this) {
            failures = 0;
            trialOut = false;
            if (state != State.CLOSED) {
                change = move(State.CLOSED, "a request succeeded");
            }
        }
        publish(change);
    }

    /** The last request failed in a way that counts against the backend (refused, 5xx, timeout, broken stream). */
    public void failure(String why) {
        Transition change = null;
        synchronized (this) {
            trialOut = false;
            failures++;
            if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= settings.failureThreshold())) {
                openedAt = nanoClock.getAsLong();
                change = move(State.OPEN, failures + " failure(s) in a row, last: " + why);
            }
        }
        publish(change);
    }

    /** The state as a request would meet it now: OPEN turns HALF_OPEN once its cool-down is over. */
    public synchronized State state() {
        return state == State.OPEN && coolDownOver() ? State.HALF_OPEN : state;
    }

    /** Failures in a row so far. */
    public synchronized int consecutiveFailures() {
        return failures;
    }

    /** How long until an open breaker lets a trial through; zero when it would now. */
    public synchronized Duration retryAfter() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        long left = settings.coolDown().toNanos() - (nanoClock.getAsLong() - openedAt);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private boolean coolDownOver() {
        return nanoClock.getAsLong() - openedAt >= settings.coolDown().toNanos();
    }

    private Transition move(State to, String why) {
        var change = new Transition(backend, state, to, why);
        state = to;
        return change;
    }

    private void publish(Transition change) {
        if (change != null) {
            listener.accept(change);
        }
    }
}
