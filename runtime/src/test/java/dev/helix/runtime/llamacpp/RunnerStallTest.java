package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.testing.ManualTicker;
import dev.helix.runtime.testing.Processes;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stall watch against real runner processes and real SIGSTOP. Time is a ticker the test moves: a runner is
 * judged only by what it sent between two moves, never by how fast this machine is.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class RunnerStallTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static final Duration LIMIT = RunnerSettings.DEFAULT_STALL_TIMEOUT;

    private final ManualTicker ticker = new ManualTicker();

    private RunnerProvider start() {
        return RunnerProvider.start("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(4096).withParallel(2),
                RunnerSettings.defaults().withClock(ticker));
    }

    /** Drains a stream on another thread; the future ends with its error. */
    private static CompletableFuture<Void> drain(ChunkStream stream) {
        return CompletableFuture.runAsync(() -> {
            while (stream.hasNext()) {
                stream.next();
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }

    /** Moves time past the limit until the future ends: frames sent before the stop may still arrive after a move. */
    private ProviderException failureAfterSilence(CompletableFuture<?> result) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - deadline < 0) {
            ticker.advance(LIMIT.plusSeconds(1));
            try {
                result.get(200, TimeUnit.MILLISECONDS);
                throw new AssertionError("the request ended without an error");
            } catch (TimeoutException e) {
                // the watch checks once a second of real time; move on and look again
            } catch (ExecutionException e) {
                return assertInstanceOf(ProviderException.class, e.getCause());
            }
        }
        throw new AssertionError("the request still hangs 60 s after its runner stopped");
    }

    @Test
    void aStoppedRunnerFailsItsRequestsWithTheReasonAndIsKilled() throws Exception {
        RunnerProvider provider = start();
        long pid = provider.pid();
        try (provider) {
            ChunkStream running = provider.complete(new CompletionRequest("tiny", "Once upon a time", GREEDY));
            assertInstanceOf(Chunk.Token.class, running.next());
            Processes.stop(pid);
            ChunkStream unanswered = provider.complete(new CompletionRequest("tiny", "Hello", GREEDY));
            var runningResult = drain(running);
            var unansweredResult = drain(unanswered);

            var failed = assertInstanceOf(ProviderFailedException.class, failureAfterSilence(runningResult));
            assertTrue(failed.getMessage().contains("stopped answering: no token or heartbeat"), failed.getMessage());
            assertTrue(failed.getMessage().contains("pid " + pid), failed.getMessage());
            var busy = assertInstanceOf(ProviderBusyException.class, failureAfterSilence(unansweredResult));
            assertTrue(busy.getMessage().contains("try again"), busy.getMessage());
            assertEquals(Duration.ofSeconds(1), busy.retryAfter());

            assertTrue(Processes.awaitGone(pid), "the stalled runner was not killed");
            Health health = provider.health();
            assertEquals(Health.Status.DOWN, health.status());
            assertTrue(health.detail().contains("stopped answering"), health.detail());
            assertThrows(ProviderFailedException.class,
                    () -> provider.complete(new CompletionRequest("tiny", "x", GREEDY)));
        } finally {
            Processes.resume(pid);
        }
    }

    @Test
    void aRequestQueuedInASilentRunnerGets503AfterTheQueueTimeoutBeforeTheRunnerCountsAsStalled() throws Exception {
        RunnerProvider provider = RunnerProvider.start("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(4096).withParallel(2),
                RunnerSettings.defaults().withClock(ticker).withQueueTimeout(Duration.ofSeconds(10)));
        long pid = provider.pid();
        try (provider) {
            ChunkStream running = provider.complete(new CompletionRequest("tiny", "Once upon a time", GREEDY));
            assertInstanceOf(Chunk.Token.class, running.next());
            Processes.stop(pid);
            var queued = drain(provider.complete(new CompletionRequest("tiny", "Hello", GREEDY)));
            var runningResult = drain(running);
            // 11 s at a time, each step seen by two looks of the watch: the silence reaches the queue timeout long
            // before the stall timeout, whenever the frames the runner sent before it stopped are read.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!queued.isDone()) {
                assertTrue(System.nanoTime() - deadline < 0, "the queued request still waits after 60 s");
                ticker.advance(Duration.ofSeconds(11));
                int seen = provider.looks();
                while (provider.looks() < seen + 2 && !queued.isDone()) {
                    assertTrue(System.nanoTime() - deadline < 0, "the watch stopped looking");
                    Thread.sleep(10);
                }
            }
            var busy = assertInstanceOf(ProviderBusyException.class,
                    assertThrows(ExecutionException.class, queued::get).getCause());
            assertTrue(busy.getMessage().contains("waited longer than queue_timeout (10 s)"), busy.getMessage());
            assertTrue(Processes.alive(pid) && !runningResult.isDone(),
                    "the request the runner was answering waits for the stall timeout");

            var failed = assertInstanceOf(ProviderFailedException.class, failureAfterSilence(runningResult));
            assertTrue(failed.getMessage().contains("stopped answering"), failed.getMessage());
            assertTrue(Processes.awaitGone(pid));
        } finally {
            Processes.resume(pid);
        }
    }

    @Test
    void aRunnerThatBeatsIsNeverStalledThoughItsStreamWaitsForAReader() throws Exception {
        try (RunnerProvider provider = start();
             ChunkStream unread = provider.complete(new CompletionRequest("tiny", "Once upon a time", GREEDY))) {
            assertInstanceOf(Chunk.Token.class, unread.next());
            // Three stall limits pass in half-limit steps; after each step a heartbeat must arrive, while the stream
            // sends nothing once its window is used up (nobody reads it).
            for (int step = 0; step < 6; step++) {
                long now = ticker.advance(LIMIT.dividedBy(2));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (provider.heardAt() < now) {
                    assertTrue(System.nanoTime() - deadline < 0, "no heartbeat within 60 s");
                    Thread.sleep(10);
                }
            }
            assertEquals(Health.Status.UP, provider.health().status());
            assertTrue(Processes.alive(provider.pid()));
            for (int i = 0; i < 2 * FlowWindow.SIZE; i++) {
                assertInstanceOf(Chunk.Token.class, unread.next(), "the paused stream goes on once it is read");
            }
        }
    }
}
