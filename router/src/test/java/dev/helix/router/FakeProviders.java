package dev.helix.router;

import dev.helix.provider.ModelLoadException;
import dev.helix.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link ProviderFactory} of in-memory {@link FakeProvider}s standing in for runner processes. It counts
 * opens and closes, tracks how many providers exist at once (from the start of open() to the end of
 * close(), as a runner's memory would), records the order of events, and can hold an open or a close at a
 * gate, or fail the next open of a model.
 */
final class FakeProviders implements ProviderFactory {
    private final List<String> events = new ArrayList<>();
    private final List<FakeProvider> providers = new ArrayList<>();
    private final Map<String, CountDownLatch> openGates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> closeGates = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    private int opensStarted;
    private int opens;
    private int closes;
    private int existing;
    private int maxExisting;
    /** Sleep this long inside each open, to widen race windows. */
    volatile long openDelayNanos;

    @Override
    public Provider open(ModelEntry entry) {
        String id = entry.id();
        synchronized (this) {
            opensStarted++;
            existing++;
            maxExisting = Math.max(maxExisting, existing);
            event("open-start:" + id);
        }
        try {
            await(openGates.get(id));
            if (openDelayNanos > 0) {
                TimeUnit.NANOSECONDS.sleep(openDelayNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = failures.remove(id);
        synchronized (this) {
            if (failure != null) {
                existing--;
                event("open-failed:" + id);
                throw failure;
            }
            opens++;
            var provider = new FakeProvider(id, this);
            providers.add(provider);
            event("opened:" + id);
            return provider;
        }
    }

    void closing(FakeProvider provider) {
        synchronized (this) {
            event("close-start:" + provider.model());
        }
        try {
            await(closeGates.get(provider.model()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closes++;
            existing--;
            event("closed:" + provider.model());
        }
    }

    private static void await(CountDownLatch gate) throws InterruptedException {
        if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test gate was never opened");
        }
    }

    private void event(String event) {
        events.add(event);
        notifyAll();
    }

    /** Holds every open of this model until the returned latch is counted down. */
    CountDownLatch gateOpen(String model) {
        var gate = new CountDownLatch(1);
        openGates.put(model, gate);
        return gate;
    }

    /** Holds every close of this model's providers until the returned latch is counted down. */
    CountDownLatch gateClose(String model) {
        var gate = new CountDownLatch(1);
        closeGates.put(model, gate);
        return gate;
    }

    void failNextOpen(String model, RuntimeException failure) {
        failures.put(model, failure);
    }

    /** Blocks until the condition holds (checked under this monitor), failing after 60 s. */
    synchronized void awaitState(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; events: " + events);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    void awaitEvent(String event) throws InterruptedException {
        awaitState(event, () -> events.contains(event));
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized int opensStarted() {
        return opensStarted;
    }

    synchronized int opens() {
        return opens;
    }

    synchronized int closes() {
        return closes;
    }

    /** Providers opening, open or closing right now. */
    synchronized int existing() {
        return existing;
    }

    synchronized int maxExisting() {
        return maxExisting;
    }

    synchronized List<FakeProvider> providers() {
        return List.copyOf(providers);
    }

    /** A load failure of the kind the real factory throws. */
    static ModelLoadException loadFailure(String message) {
        return new ModelLoadException(message, null);
    }
}
