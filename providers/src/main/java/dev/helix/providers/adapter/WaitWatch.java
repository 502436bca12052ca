package dev.helix.providers.adapter;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Bounds the blocking waits of an upstream's exchanges (for the answer's headers, for the next piece of a streamed
 * body, for a finished body's last bytes) without a timer per wait. A socket read with a timeout costs a virtual
 * thread a timer set and cancelled on the scheduler's delay thread, two wake-ups of that thread for every token
 * relayed; here a read is untimed, marks when it starts and ends, and one virtual thread looks at the waits in
 * progress every {@link #tick} and ends any that passed its limit ({@link Wait#expired()} then says why the read
 * failed). So a wait ends between its limit and a tick after it. The watching thread runs only while exchanges are
 * open, and a while after ({@link #LINGER}), so that back-to-back requests do not start one each.
 */
final class WaitWatch implements AutoCloseable {
    /** How long the watching thread stays after the last exchange closed. */
    static final Duration LINGER = Duration.ofSeconds(30);
    private static final Duration FINEST = Duration.ofMillis(10);
    private static final Duration COARSEST = Duration.ofMillis(250);

    private final Duration tick;
    private final LongSupplier clock;
    private final Set<Wait> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watching = new AtomicBoolean();
    /** When an exchange last opened or closed. */
    private volatile long lastActive;
    private volatile boolean closed;

    /** @param limit the usual limit of a wait: the tick is an eighth of it, within 10 to 250 ms */
    WaitWatch(Duration limit) {
        this(tickFor(limit), System::nanoTime);
    }

    WaitWatch(Duration tick, LongSupplier clock) {
        this.tick = tick;
        this.clock = clock;
    }

    static Duration tickFor(Duration limit) {
        Duration eighth = limit.dividedBy(8);
        return eighth.compareTo(FINEST) < 0 ? FINEST : eighth.compareTo(COARSEST) > 0 ? COARSEST : eighth;
    }

    /**
     * Watches one exchange's waits until the returned {@link Wait} is closed.
     *
     * @param limit  how long one of its waits may last, unless {@link Wait#begin(Duration)} says otherwise
     * @param expire what ends a wait that lasted too long (cancelling the exchange, which fails its blocked read)
     */
    Wait watch(Duration limit, Runnable expire) {
        var wait = new Wait(limit.toNanos(), expire);
        open.add(wait);
        lastActive = clock.getAsLong();
        if (!watching.get() && !closed && watching.compareAndSet(false, true)) {
            Thread.ofVirtual().name("upstream-waits").start(this::watch);
        }
        return wait;
    }

    /** Exchanges being watched. */
    int size() {
        return open.size();
    }

    /** Whether a watching thread runs (or is about to). */
    boolean watching() {
        return watching.get();
    }

    /** One look at every open wait: ends those past their limit. */
    void check() {
        long now = clock.getAsLong();
        for (Wait wait : open) {
            wait.check(now);
        }
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                break;
            }
            check();
            if (open.isEmpty() && clock.getAsLong() - lastActive > LINGER.toNanos()) {
                watching.set(false);
                // an exchange opened after the look above saw the flag still set and started nobody: take over
                if (open.isEmpty() || !watching.compareAndSet(false, true)) {
                    return;
                }
            }
        }
        watching.set(false);
    }

    /** Stops watching; waits still open are left to their exchanges' own ends (the client closing them). */
    @Override
    public void close() {
        closed = true;
    }

    /** The waits of one exchange, one at a time. */
    final class Wait implements AutoCloseable {
        private static final long IDLE = Long.MIN_VALUE;
        private final long limit;
        private final Runnable expire;
        private volatile long since = IDLE;
        private volatile long current;
        private volatile boolean expired;

        private Wait(long limit, Runnable expire) {
            this.limit = limit;
            this.expire = expire;
            this.current = limit;
        }

        /** A wait of the usual limit starts. */
        void begin() {
            current = limit;
            since = clock.getAsLong();
        }

        /** A wait with its own limit starts. */
        void begin(Duration limit) {
            current = limit.toNanos();
            since = clock.getAsLong();
        }

        /** The wait is over. */
        void end() {
            since = IDLE;
        }

        /** Whether a wait of this exchange lasted past its limit and was ended. */
        boolean expired() {
            return expired;
        }

        /** The limit of the wait that expired, or else the usual one, in nanoseconds. */
        long limitNanos() {
            return current;
        }

        private void check(long now) {
            long start = since;
            if (start != IDLE && !expired && now - start > current) {
                expired = true;
                expire.run();
            }
        }

        /** No more waits: stops watching this exchange. */
        @Override
        public void close() {
            if (open.remove(this)) {
                lastActive = clock.getAsLong();
            }
        }
    }
}
