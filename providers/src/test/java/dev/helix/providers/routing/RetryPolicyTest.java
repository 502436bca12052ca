package dev.helix.providers.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void delaysDoubleWithJitterBetweenHalfAndAllAndStopAtTheCap() {
        var random = new SplittableRandom(7);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            var seen = new HashSet<Duration>();
            for (int i = 0; i < 200; i++) {
                Duration d = policy.delay(retry, random);
                long ceiling = ceilings[retry - 1];
                assertTrue(d.toNanos() >= ceiling * 1_000_000 / 2 && d.toNanos() <= ceiling * 1_000_000,
                        "retry " + retry + ": " + d);
                seen.add(d);
            }
            assertTrue(seen.size() > 100, "jittered, not fixed");
        }
    }

    @Test
    void noDelayWithoutABase() {
        assertEquals(Duration.ZERO, new RetryPolicy(3, Duration.ZERO, Duration.ZERO).delay(3, new SplittableRandom()));
    }
}
