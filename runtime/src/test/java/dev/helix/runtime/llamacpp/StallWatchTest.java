package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stall watch's judgement, on a ticker the test moves. */
class StallWatchTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long ON_TIME = Duration.ofSeconds(1).toNanos();

    private final ManualTicker ticker = new ManualTicker();
    private final StallWatch watch = new StallWatch(LIMIT, ticker);

    @Test
    void silenceLongerThanTheLimitIsAStallAndAnyFrameEndsIt() {
        ticker.advance(LIMIT);
        assertFalse(watch.check(ON_TIME), "exactly the limit is not yet a stall");
        ticker.advance(Duration.ofMillis(1));
        assertTrue(watch.check(ON_TIME));
        assertEquals(LIMIT.plusMillis(1), watch.silence());
        watch.heard();
        assertFalse(watch.check(ON_TIME));
    }

    @Test
    void aLookThatComesLateCountsTheSilenceAfreshInsteadOfBlamingTheRunner() {
        ticker.advance(LIMIT.multipliedBy(2));
        assertFalse(watch.check(LIMIT.toNanos()), "this process was not running: its reader is behind");
        ticker.advance(LIMIT);
        assertFalse(watch.check(ON_TIME));
        ticker.advance(Duration.ofMillis(1));
        assertTrue(watch.check(ON_TIME), "silent for the whole limit since this process ran again");
    }
}
