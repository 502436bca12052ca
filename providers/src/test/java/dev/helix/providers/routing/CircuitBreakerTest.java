package dev.helix.providers.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.providers.routing.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong();
    private final List<CircuitBreaker.Transition> transitions = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker("b",
            new CircuitBreaker.Settings(3, Duration.ofSeconds(30)), now::get, transitions::add);

    @Test
    void opensAfterTheThresholdOfFailuresInARowAndNotBefore() {
        breaker.failure("1");
        breaker.failure("2");
        breaker.success();
        breaker.failure("1");
        breaker.failure("2");
        assertEquals(State.CLOSED, breaker.state(), "a success in between starts the count again");
        assertTrue(breaker.tryAcquire());
        breaker.failure("3");
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(Duration.ofSeconds(30), breaker.retryAfter());
        assertEquals(List.of(new CircuitBreaker.Transition("b", State.CLOSED, State.OPEN,
                "3 failure(s) in a row, last: 3")), transitions);
    }

    @Test
    void afterTheCoolDownOneTrialGoesThroughAndItsSuccessCloses() {
        open();
        now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertFalse(breaker.tryAcquire(), "one nanosecond early");
        now.incrementAndGet();
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire(), "the trial");
        assertFalse(breaker.tryAcquire(), "only one trial at a time");
        breaker.success();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertEquals(List.of(State.OPEN, State.HALF_OPEN, State.CLOSED),
                transitions.stream().map(CircuitBreaker.Transition::to).toList());
    }

    @Test
    void aFailedTrialOpensItForAnotherCoolDown() {
        open();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.failure("still down");
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(breaker.tryAcquire());
    }

    private void open() {
        for (int i = 0; i < 3; i++) {
            breaker.failure("down");
        }
        assertEquals(State.OPEN, breaker.state());
    }
}
