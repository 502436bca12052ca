package dev.helix.router;

import dev.helix.events.HelixEvent;
import dev.helix.events.HelixEvents;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Passes every event on and adds what only a run of them shows: a model whose runner died serving again from a new
 * runner ({@link HelixEvent.RunnerRecovered}, after that runner's {@link HelixEvent.RunnerStarted}), and a model
 * whose runner died {@code crashes} times within {@code window} ({@link HelixEvent.RunnerCrashLoop}, once per
 * loop: the count starts again after it).
 */
public final class CrashWatch implements HelixEvents {
    private final HelixEvents next;
    private final int crashes;
    private final Duration window;
    private final LongSupplier nanoClock;
    private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();
    private final Map<String, Boolean> down = new HashMap<>();

    public CrashWatch(HelixEvents next, int crashes, Duration window, LongSupplier nanoClock) {
        if (crashes < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("crash loop needs crashes >= 1 and a positive window");
        }
        this.next = next;
        this.crashes = crashes;
        this.window = window;
        this.nanoClock = nanoClock;
    }

    @Override
    public void publish(HelixEvent event) {
        HelixEvent derived = null;
        synchronized (this) {
            switch (event) {
                case HelixEvent.RunnerCrashed crashed -> {
                    down.put(crashed.subject(), Boolean.TRUE);
                    derived = countCrash(crashed.subject());
                }
                case HelixEvent.RunnerStarted started -> {
                    if (down.remove(started.subject()) != null) {
                        derived = new HelixEvent.RunnerRecovered(started.subject(), started.pid());
                    }
                }
                default -> { }
            }
        }
        next.publish(event);
        if (derived != null) {
            next.publish(derived);
        }
    }

    private HelixEvent countCrash(String model) {
        long now = nanoClock.getAsLong();
        ArrayDeque<Long> times = recent.computeIfAbsent(model, m -> new ArrayDeque<>());
        times.addLast(now);
        while (!times.isEmpty() && now - times.peekFirst() > window.toNanos()) {
            times.removeFirst();
        }
        if (times.size() < crashes) {
            return null;
        }
        times.clear();
        return new HelixEvent.RunnerCrashLoop(model, crashes, window);
    }
}
