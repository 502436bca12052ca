package dev.helix.providers.discovery;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task over and over; a scheduled executor in production, a hand-cranked one in tests. */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} every {@code interval}, the first time after one interval, until the handle is cancelled. */
    Handle every(Duration interval, Runnable task);

    /** A repeating task. */
    @FunctionalInterface
    interface Handle {
        void cancel();
    }

    /** Each run starts one interval after the previous one ended, so runs never overlap. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (interval, task) -> {
            long nanos = interval.toNanos();
            var future = executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
