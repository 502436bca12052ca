package dev.helix.server.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What the dashboard's live chart draws: every {@code interval} one {@link Tick} with the requests finished since
 * the last one, their tokens, latency and time to first token, to every subscriber. A subscriber that does not keep
 * up loses ticks, never blocks the others; a request only adds to counters.
 */
public final class LiveFeed implements AutoCloseable {
    /** One interval's figures. */
    public record Tick(String time, double intervalSeconds, int requests, int errors, long tokensOut,
                       double tokensPerSecond, Double avgLatencySeconds, Double avgTtftSeconds, int pending,
                       List<FinishedRequest> finished) {}

    /** A subscriber's ticks, until it is closed. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Tick> ticks = new ArrayBlockingQueue<>(16);

        /** The next tick, or null when none came within {@code timeout} or the feed closed. */
        public Tick next(Duration timeout) throws InterruptedException {
            return closed ? null : ticks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean open() {
            return !closed && subscribers.contains(this);
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    private static final int MAX_LISTED = 20;

    private final Duration interval;
    private final IntSupplier pending;
    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final List<FinishedRequest> window = new ArrayList<>();
    private int requests;
    private int errors;
    private long tokensOut;
    private double latencySum;
    private double ttftSum;
    private int ttftCount;
    private volatile boolean closed;

    public LiveFeed(Duration interval, IntSupplier pending) {
        this.interval = interval;
        this.pending = pending;
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("helix-live-feed").unstarted(task));
        ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Subscription subscribe() {
        var s = new Subscription();
        subscribers.add(s);
        return s;
    }

    public synchronized void add(FinishedRequest r) {
        requests++;
        errors += r.failed() ? 1 : 0;
        tokensOut += r.tokensOut();
        latencySum += r.durationSeconds();
        if (r.ttftSeconds() != null) {
            ttftSum += r.ttftSeconds();
            ttftCount++;
        }
        if (window.size() < MAX_LISTED) {
            window.add(r);
        }
    }

    private void tick() {
        Tick tick;
        synchronized (this) {
            double seconds = interval.toNanos() / 1e9;
            tick = new Tick(Instant.now().toString(), seconds, requests, errors, tokensOut, tokensOut / seconds,
                    requests == 0 ? null : latencySum / requests, ttftCount == 0 ? null : ttftSum / ttftCount,
                    pending.getAsInt(), List.copyOf(window));
            requests = 0;
            errors = 0;
            tokensOut = 0;
            latencySum = 0;
            ttftSum = 0;
            ttftCount = 0;
            window.clear();
        }
        for (Subscription s : subscribers) {
            if (!s.ticks.offer(tick)) {
                s.ticks.poll();
                s.ticks.offer(tick);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        subscribers.clear();
    }
}
