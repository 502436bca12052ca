package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The watch over upstream waits, on a clock the test moves: what ends a wait, and what does not. */
class WaitWatchTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger expired = new AtomicInteger();

    private WaitWatch watch() {
        return new WaitWatch(Duration.ofDays(1), now::get); // the thread never looks on its own within the test
    }

    @Test
    void aWaitPastItsLimitIsEndedOnceAndSaysSo() {
        try (var watch = watch()) {
            var wait = watch.watch(Duration.ofMillis(300), expired::incrementAndGet);
            wait.begin();
            now.addAndGet(Duration.ofMillis(300).toNanos());
            watch.check();
            assertEquals(0, expired.get(), "at its limit a wait still goes on");
            assertFalse(wait.expired());
            now.addAndGet(1);
            watch.check();
            watch.check();
            assertEquals(1, expired.get(), "past it, the exchange is ended, once");
            assertTrue(wait.expired());
        }
    }

    @Test
    void onlyTimeSpentWaitingCounts() {
        try (var watch = watch()) {
            var wait = watch.watch(Duration.ofMillis(300), expired::incrementAndGet);
            now.addAndGet(Duration.ofHours(1).toNanos()); // a slow client: the exchange is open, nothing waits
            watch.check();
            for (int i = 0; i < 10; i++) { // many reads, each shorter than the limit, longer together
                wait.begin();
                now.addAndGet(Duration.ofMillis(200).toNanos());
                watch.check();
                wait.end();
            }
            assertEquals(0, expired.get());
        }
    }

    @Test
    void aWaitMayHaveItsOwnLimit() {
        try (var watch = watch()) {
            var wait = watch.watch(Duration.ofMinutes(10), expired::incrementAndGet);
            wait.begin(Duration.ofSeconds(1));
            now.addAndGet(Duration.ofMillis(1_001).toNanos());
            watch.check();
            assertEquals(1, expired.get());
            assertEquals(Duration.ofSeconds(1).toNanos(), wait.limitNanos());
        }
    }

    @Test
    void aClosedExchangeIsNoLongerWatched() {
        try (var watch = watch()) {
            var wait = watch.watch(Duration.ofMillis(300), expired::incrementAndGet);
            wait.begin();
            wait.close();
            assertEquals(0, watch.size());
            now.addAndGet(Duration.ofHours(1).toNanos());
            watch.check();
            assertEquals(0, expired.get());
        }
    }

    @Test
    void theWatchingThreadRunsWhileExchangesAreOpenAndEndsAfterTheLinger() throws InterruptedException {
        try (var watch = new WaitWatch(Duration.ofMillis(10), now::get)) {
            assertFalse(watch.watching(), "no exchange yet, no thread");
            var wait = watch.watch(Duration.ofMillis(300), expired::incrementAndGet);
            assertTrue(watch.watching());
            wait.begin();
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            while (expired.get() == 0) { // the thread's own look ends it; the suite's timeout guards a hang
                Thread.sleep(5);
            }
            wait.close();
            now.addAndGet(WaitWatch.LINGER.toNanos());
            assertTrue(watch.watching(), "within the linger after the last exchange the thread stays");
            now.addAndGet(1);
            while (watch.watching()) {
                Thread.sleep(5);
            }
            watch.watch(Duration.ofMillis(300), expired::incrementAndGet).close();
            assertTrue(watch.watching(), "the next exchange starts it again");
        }
    }

    @Test
    void theTickIsAnEighthOfTheLimitWithinBounds() {
        assertEquals(Duration.ofMillis(10), WaitWatch.tickFor(Duration.ofMillis(30)));
        assertEquals(Duration.ofMillis(125), WaitWatch.tickFor(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(250), WaitWatch.tickFor(Duration.ofMinutes(10)));
    }
}
