package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helix.events.HelixEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Recoveries and crash loops derived from runner starts and deaths, on an injected clock. */
class CrashWatchTest {
    private final List<HelixEvent> seen = new ArrayList<>();
    private final AtomicLong now = new AtomicLong();
    private final CrashWatch watch = new CrashWatch(seen::add, 3, Duration.ofMinutes(5), now::get);

    @Test
    void aStartAfterACrashIsARecoveryAndAFirstStartIsNot() {
        watch.publish(new HelixEvent.RunnerStarted("m", 10));
        watch.publish(new HelixEvent.RunnerCrashed("m", 10, "killed"));
        watch.publish(new HelixEvent.RunnerStarted("other", 11));
        watch.publish(new HelixEvent.RunnerStarted("m", 12));
        assertEquals(List.of(new HelixEvent.RunnerStarted("m", 10), new HelixEvent.RunnerCrashed("m", 10, "killed"),
                new HelixEvent.RunnerStarted("other", 11), new HelixEvent.RunnerStarted("m", 12),
                new HelixEvent.RunnerRecovered("m", 12)), seen);
    }

    @Test
    void threeCrashesWithinTheWindowAreALoopOnceAndOlderOnesDoNotCount() {
        watch.publish(new HelixEvent.RunnerCrashed("m", 1, "x"));
        now.addAndGet(Duration.ofMinutes(6).toNanos()); // the first falls out of the window
        watch.publish(new HelixEvent.RunnerCrashed("m", 2, "x"));
        watch.publish(new HelixEvent.RunnerCrashed("m", 3, "x"));
        assertEquals(0, loops());
        watch.publish(new HelixEvent.RunnerCrashed("m", 4, "x"));
        assertEquals(1, loops());
        watch.publish(new HelixEvent.RunnerCrashed("m", 5, "x")); // counting starts again after a loop
        watch.publish(new HelixEvent.RunnerCrashed("other", 6, "x"));
        assertEquals(1, loops());
        assertEquals(new HelixEvent.RunnerCrashLoop("m", 3, Duration.ofMinutes(5)),
                seen.stream().filter(e -> e instanceof HelixEvent.RunnerCrashLoop).findFirst().orElseThrow());
    }

    private long loops() {
        return seen.stream().filter(e -> e instanceof HelixEvent.RunnerCrashLoop).count();
    }
}
