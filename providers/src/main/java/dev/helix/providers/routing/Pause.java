package dev.helix.providers.routing;

import java.time.Duration;

/** Waits between retries: {@link Thread#sleep(Duration)} in production, a recorder in tests. */
@FunctionalInterface
public interface Pause {
    Pause SLEEP = Thread::sleep;

    void pause(Duration duration) throws InterruptedException;
}
