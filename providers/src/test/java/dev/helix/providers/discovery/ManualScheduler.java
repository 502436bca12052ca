package dev.helix.providers.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A scheduler the test cranks by hand: it remembers what was scheduled and runs it when told. */
final class ManualScheduler implements Scheduler {
    record Scheduled(Duration interval, Runnable task, AtomicBoolean cancelled) {
    }

    final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public Handle every(Duration interval, Runnable task) {
        var entry = new Scheduled(interval, task, new AtomicBoolean());
        scheduled.add(entry);
        return () -> entry.cancelled().set(true);
    }

    /** Runs every task that is still scheduled, once, as if its interval had passed. */
    void tick() {
        scheduled.stream().filter(s -> !s.cancelled().get()).forEach(s -> s.task().run());
    }
}
