package dev.helix.providers.health;

import dev.helix.provider.Health;
import dev.helix.provider.Provider;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every watched backend on an interval ({@link Provider#probe()}, each bounded by the adapter's own
 * timeouts), all at once on virtual threads, so requests read health from the backends' cached state and never wait
 * for a round trip. A change of status is logged and published ({@link Change}), for alerts. {@link #checkNow()}
 * runs one round on the caller's thread: what the schedule runs, and what tests call instead of waiting.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    /** A backend's status changed. */
    public record Change(String backend, Health from, Health to, Instant at) {}

    /** The last probe of a backend. */
    public record Observation(Health health, Instant at) {}

    private final InstantSource clock;
    private final Consumer<Change> listener;
    private final Map<String, Provider> watched = new ConcurrentHashMap<>();
    private final Map<String, Observation> last = new ConcurrentHashMap<>();
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledFuture<?> schedule;

    public HealthMonitor(InstantSource clock, Consumer<Change> listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Probes on this interval from now on (the first round at once). */
    public synchronized void start(ScheduledExecutorService scheduler, Duration interval) {
        if (schedule != null) {
            throw new IllegalStateException("already started");
        }
        schedule = scheduler.scheduleWithFixedDelay(this::checkNowQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void watch(Provider backend) {
        watched.put(backend.id(), backend);
    }

    public void unwatch(String id) {
        watched.remove(id);
        last.remove(id);
    }

    /** The last probe's result, or UNKNOWN before the first. */
    public Observation observation(String id) {
        return last.getOrDefault(id, new Observation(Health.UNKNOWN, null));
    }

    /** Probes every watched backend now, concurrently, and returns when all have answered. */
    public void checkNow() throws InterruptedException {
        var rounds = new ArrayList<Future<?>>();
        for (Provider backend : List.copyOf(watched.values())) {
            rounds.add(probes.submit(() -> record(backend.id(), safeProbe(backend))));
        }
        for (Future<?> round : rounds) {
            try {
                round.get();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("health probe failed unexpectedly: {}", e.getCause().toString());
            }
        }
    }

    private void checkNowQuietly() {
        try {
            checkNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Health safeProbe(Provider backend) {
        try {
            return Objects.requireNonNullElse(backend.probe(), Health.UNKNOWN);
        } catch (RuntimeException e) {
            return Health.down("probe failed: " + e);
        }
    }

    private void record(String id, Health now) {
        if (!watched.containsKey(id)) {
            return;
        }
        Instant at = clock.instant();
        Observation before = last.put(id, new Observation(now, at));
        Health previous = before == null ? Health.UNKNOWN : before.health();
        if (previous.status() != now.status()) {
            if (now.status() == Health.Status.DOWN) {
                LOG.warn("backend {} is down: {}", id, now.detail());
            } else if (previous.status() == Health.Status.DOWN) {
                LOG.info("backend {} is back: {}", id, now.status());
            }
            listener.accept(new Change(id, previous, now, at));
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(true);
        }
        probes.shutdownNow();
    }
}
