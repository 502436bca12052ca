package dev.helix.providers.routing;

import static dev.helix.providers.routing.ScriptedProvider.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Health;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.routing.CircuitBreaker.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendGroupTest {
    private static final ProviderFailedException REFUSED = new ProviderFailedException("connection refused");
    private final Backends fixture = new Backends();
    private final RetryPolicy twoRetries = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void retriesWithBackoffThenFailsOverBeforeTheFirstChunk() {
        var first = new ScriptedProvider("first", new ScriptedProvider.Refuse(REFUSED));
        var second = new ScriptedProvider("second", answer("he", "llo"));
        var group = fixture.group(new Strategy.Priority(), twoRetries,
                new Target(fixture.backend(first, 0, 1, 0), "m-first"),
                new Target(fixture.backend(second, 1, 1, 0), "m-second"));

        assertEquals("hello", group.chat(Backends.chat()).collect().text());
        assertEquals(List.of("m-first", "m-first", "m-first"), first.asked(), "one try and two retries");
        assertEquals(List.of("m-second"), second.asked(), "then the next backend, under its own name for the model");
        assertEquals(2, fixture.pauses.size());
        assertTrue(fixture.pauses.get(0).toMillis() >= 50 && fixture.pauses.get(0).toMillis() <= 100);
        assertTrue(fixture.pauses.get(1).toMillis() >= 100 && fixture.pauses.get(1).toMillis() <= 200);
    }

    @Test
    void theBreakerOpensSkipsTheBackendAndClosesWhenItRecovers() {
        var flaky = new ScriptedProvider("flaky", new ScriptedProvider.Refuse(REFUSED));
        var steady = new ScriptedProvider("steady", answer("ok"));
        Backend flakyBackend = fixture.backend(flaky, 0, 1, 0);
        var group = fixture.group(new Strategy.Priority(), RetryPolicy.NONE, new Target(flakyBackend, "m"),
                new Target(fixture.backend(steady, 1, 1, 0), "m"));

        for (int i = 0; i < 3; i++) {
            assertEquals("ok", group.chat(Backends.chat()).collect().text());
        }
        assertEquals(State.OPEN, flakyBackend.breaker().state());
        assertEquals(3, flaky.asked().size());
        for (int i = 0; i < 10; i++) {
            group.chat(Backends.chat()).collect();
        }
        assertEquals(3, flaky.asked().size(), "an open breaker sends nothing to its backend");

        flaky.then(answer("back"));
        fixture.clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("back", group.chat(Backends.chat()).collect().text(), "the half-open trial");
        assertEquals(State.CLOSED, flakyBackend.breaker().state());
        assertEquals(List.of(State.OPEN, State.HALF_OPEN, State.CLOSED),
                fixture.transitions.stream().map(CircuitBreaker.Transition::to).toList());
    }

    @Test
    void afterTheFirstChunkAFailureReachesTheCallerAndIsNotRetried() {
        var breaking = new ScriptedProvider("breaking",
                new ScriptedProvider.BreakAfter(List.of("a", "b"), new ProviderFailedException("upstream died")));
        var other = new ScriptedProvider("other", answer("never"));
        Backend backend = fixture.backend(breaking, 0, 1, 0);
        var group = fixture.group(new Strategy.Priority(), twoRetries, new Target(backend, "m"),
                new Target(fixture.backend(other, 1, 1, 0), "m"));
        try (ChunkStream stream = group.chat(Backends.chat())) {
            assertEquals(new Chunk.Token("a"), stream.next());
            assertEquals(new Chunk.Token("b"), stream.next());
            var error = assertThrows(ProviderFailedException.class, stream::next);
            assertEquals("upstream died", error.getMessage());
        }
        assertEquals(List.of(), other.asked());
        assertEquals(1, backend.breaker().consecutiveFailures(), "a broken stream counts against its backend");
        assertEquals(0, backend.inFlight());
    }

    @Test
    void anInvalidRequestIsNeitherRetriedNorFailedOverNorHeldAgainstTheBackend() {
        var strict = new ScriptedProvider("strict",
                new ScriptedProvider.Refuse(new InvalidRequestException("bad field", "x")));
        var other = new ScriptedProvider("other", answer("never"));
        Backend backend = fixture.backend(strict, 0, 1, 0);
        var group = fixture.group(new Strategy.Priority(), twoRetries, new Target(backend, "m"),
                new Target(fixture.backend(other, 1, 1, 0), "m"));
        var error = assertThrows(InvalidRequestException.class, () -> group.chat(Backends.chat()));
        assertEquals("bad field", error.getMessage());
        assertEquals(1, strict.asked().size());
        assertEquals(List.of(), other.asked());
        assertEquals(0, backend.breaker().consecutiveFailures());
        assertEquals(0, backend.inFlight());
    }

    @Test
    void aBackendThatLostTheModelIsSkippedWithoutCountingAgainstIt() {
        var stale = new ScriptedProvider("stale", new ScriptedProvider.Refuse(new ModelNotFoundException("m")));
        var other = new ScriptedProvider("other", answer("here"));
        Backend backend = fixture.backend(stale, 0, 1, 0);
        var group = fixture.group(new Strategy.Priority(), twoRetries, new Target(backend, "m"),
                new Target(fixture.backend(other, 1, 1, 0), "m"));
        assertEquals("here", group.chat(Backends.chat()).collect().text());
        assertEquals(1, stale.asked().size());
        assertEquals(0, backend.breaker().consecutiveFailures());
    }

    @Test
    void whenEveryBackendIsBusyTheCallerGetsBusyWithTheEarliestRetryAfter() {
        var one = new ScriptedProvider("one",
                new ScriptedProvider.Refuse(new ProviderBusyException("queue full", Duration.ofSeconds(5))));
        var two = new ScriptedProvider("two",
                new ScriptedProvider.Refuse(new ProviderBusyException("loading", Duration.ofSeconds(2))));
        var group = fixture.group(new Strategy.Priority(), twoRetries, new Target(fixture.backend(one, 0, 1, 0), "m"),
                new Target(fixture.backend(two, 1, 1, 0), "m"));
        var busy = assertThrows(ProviderBusyException.class, () -> group.chat(Backends.chat()));
        assertEquals(Duration.ofSeconds(2), busy.retryAfter());
        assertTrue(busy.getMessage().contains("one:m: queue full") && busy.getMessage().contains("two:m: loading"),
                busy.getMessage());
        assertEquals(1, one.asked().size(), "a busy backend is not retried");
        assertEquals(List.of(), fixture.pauses);
    }

    @Test
    void whenEveryBackendFailsTheErrorNamesEachAndTheGroupReportsDown() {
        var a = new ScriptedProvider("a", new ScriptedProvider.Refuse(REFUSED));
        var b = new ScriptedProvider("b", answer("x"));
        b.health(Health.down("probe failed: 500"));
        var group = fixture.group(new Strategy.Priority(), RetryPolicy.NONE, new Target(fixture.backend(a), "m"),
                new Target(fixture.backend(b), "m"));
        var error = assertThrows(ProviderFailedException.class, () -> group.chat(Backends.chat()));
        assertTrue(error.getMessage().contains("a:m: connection refused"), error.getMessage());
        assertTrue(error.getMessage().contains("b:m: down: probe failed: 500"), error.getMessage());
        assertEquals(List.of(), b.asked(), "a backend its monitor saw down is not asked");
        assertEquals(Health.Status.UP, group.health().status(), "a's breaker is not open yet");
        assertThrows(ProviderFailedException.class, () -> group.chat(Backends.chat()));
        assertThrows(ProviderFailedException.class, () -> group.chat(Backends.chat()));
        assertEquals(Health.Status.DOWN, group.health().status());
    }

    @Test
    void closingAStreamEarlyClosesTheUpstreamAndFreesTheBackend() {
        var provider = new ScriptedProvider("p", answer("a", "b", "c"));
        Backend backend = fixture.backend(provider);
        var group = fixture.group(new Strategy.Priority(), RetryPolicy.NONE, new Target(backend, "m"));
        ChunkStream stream = group.chat(Backends.chat());
        assertEquals(1, backend.inFlight());
        assertInstanceOf(Chunk.Token.class, stream.next());
        stream.close();
        stream.close();
        assertEquals(0, backend.inFlight());
        assertEquals(0, provider.openStreams());
    }

    @Test
    void aModelTheGroupDoesNotServeIsNotFound() {
        var group = fixture.group(new Strategy.Priority(), RetryPolicy.NONE,
                new Target(fixture.backend(new ScriptedProvider("p", answer("x"))), "m"));
        var error = assertThrows(ModelNotFoundException.class,
                () -> group.chat(Backends.chat().withModel("other")));
        assertSame(ModelNotFoundException.class, error.getClass());
    }

    @Test
    void aModelThatFailsToLoadFailsOverWithoutARetryThere() {
        var failing = new ScriptedProvider("local", new ScriptedProvider.Refuse(
                new dev.helix.provider.ModelLoadException("out of memory", null)));
        var other = new ScriptedProvider("remote", answer("served"));
        Backend backend = fixture.backend(failing, 0, 1, 0);
        var group = fixture.group(new Strategy.Priority(), twoRetries, new Target(backend, "m"),
                new Target(fixture.backend(other, 1, 1, 0), "m"));
        assertEquals("served", group.chat(Backends.chat()).collect().text());
        assertEquals(1, failing.asked().size(), "a load that failed is not tried again at once");
        assertEquals(1, backend.breaker().consecutiveFailures());
        assertEquals(List.of(), fixture.pauses);
    }
}
