package dev.helix.providers.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes under the watchdog: crash loops, servers that never become ready, stops that must kill. */
@Timeout(120)
class ManagedProcessTest {
    @TempDir
    Path dir;

    private final BlockingQueue<ProcessEvent> events = new LinkedBlockingQueue<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    private ManagedSpec spec(List<String> command, Duration startTimeout, RestartPolicy restart) {
        return new ManagedSpec("p", command, dir, Map.of("HELIX_TEST_MARK", "managed"), 0, null, false, startTimeout,
                Duration.ofSeconds(2), restart, dir.resolve("logs/p.log"), ManagedSpec.DEFAULT_LOG_MAX_BYTES, 2);
    }

    private ManagedProcess process(ManagedSpec spec, Readiness readiness) throws IOException {
        return new ManagedProcess(spec, readiness, events::add, InstantSource.system(), pauses::add);
    }

    @SuppressWarnings("unchecked")
    private <T extends ProcessEvent> T next(Class<T> type) throws InterruptedException {
        while (true) {
            ProcessEvent e = events.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event within 60 s");
            }
            if (type.isInstance(e)) {
                return (T) e;
            }
        }
    }

    private static void assertGone(long pid) throws Exception {
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCrashLoopBacksOffExponentiallyThenFailsWithAnEvent() throws Exception {
        var policy = new RestartPolicy(3, Duration.ofMillis(10), Duration.ofMillis(25), 3, Duration.ofMinutes(10));
        try (var process = process(spec(List.of("sh", "-c", "echo crashing on $HELIX_TEST_MARK; exit 3"),
                Duration.ofSeconds(60), policy), port -> false)) {
            process.start();
            var all = new ArrayList<ProcessEvent>();
            ProcessEvent e;
            do {
                e = events.poll(60, TimeUnit.SECONDS);
                assertTrue(e != null, "the crash loop never ended: " + all);
                all.add(e);
            } while (!(e instanceof ProcessEvent.Failed));
            var failed = (ProcessEvent.Failed) e;
            assertEquals(3, failed.restarts());
            assertTrue(failed.why().contains("exited with status 3"), failed.why());
            assertTrue(failed.why().contains("crashing on managed"), "the server's last words: " + failed.why());
            assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25)), pauses,
                    "doubling, capped at max_delay");
            assertEquals(4, all.stream().filter(ProcessEvent.Starting.class::isInstance).count(), all.toString());
            assertEquals(3, all.stream().filter(ProcessEvent.Restarting.class::isInstance).count(), all.toString());
            assertEquals(ManagedState.FAILED, process.status().state());
            for (ProcessEvent s : all) {
                if (s instanceof ProcessEvent.Starting starting) {
                    assertGone(starting.pid());
                }
            }
            String log = Files.readString(dir.resolve("logs/p.log"));
            assertEquals(4, log.lines().filter(l -> l.equals("crashing on managed")).count(), log);
            var error = assertThrows(ManagedProcess.NotReadyException.class,
                    () -> process.awaitRunning(Duration.ofSeconds(60)));
            assertTrue(error.getMessage().contains("p failed") && error.getMessage().contains("p.log"),
                    error.getMessage());

            process.start(); // a user's start tries again, its count afresh
            next(ProcessEvent.Starting.class);
            assertEquals(4, failedAgain().restarts() + 1);
        }
    }

    private ProcessEvent.Failed failedAgain() throws InterruptedException {
        return next(ProcessEvent.Failed.class);
    }

    @Test
    void aServerThatNeverBecomesReadyTimesOutWithAClearErrorAndIsKilled() throws Exception {
        var policy = new RestartPolicy(0, Duration.ofMillis(10), Duration.ofMillis(10), 3, Duration.ofMinutes(10));
        try (var process = process(spec(List.of("sh", "-c", "echo listening soon; sleep 1000"),
                Duration.ofMillis(500), policy), port -> false)) {
            var error = assertThrows(ManagedProcess.NotReadyException.class,
                    () -> process.awaitRunning(Duration.ofSeconds(60)));
            assertTrue(error.getMessage().contains("did not become ready within 500 ms"), error.getMessage());
            assertTrue(error.getMessage().contains("listening soon"), error.getMessage());
            var starting = next(ProcessEvent.Starting.class);
            var failed = next(ProcessEvent.Failed.class);
            assertEquals(0, failed.restarts());
            assertGone(starting.pid());
            assertTrue(pauses.isEmpty(), "no restart with max_restarts 0");
        }
    }

    @Test
    void readyThenExitedIsRestartedAndStopKillsTheWholeGroupEvenWhenItIgnoresSigterm() throws Exception {
        var policy = new RestartPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1), 3, Duration.ofMinutes(10));
        // A server that starts a helper of its own and ignores SIGTERM: only the watchdog's SIGKILL ends them.
        // Ready once both sleeps run: the server touches ready-PORT after starting them (a gate, not a delay).
        Readiness started = port -> {
            try {
                return Files.deleteIfExists(dir.resolve("ready-" + port));
            } catch (IOException e) {
                return false;
            }
        };
        try (var process = process(spec(List.of("sh", "-c", "trap '' TERM; sleep 1000 & sleep 1000 & touch ready-{port};"
                + " wait"), Duration.ofSeconds(60), policy), started)) {
            process.awaitRunning(Duration.ofSeconds(60));
            var first = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Ready.class);
            var group = ProcessHandle.of(first.pid()).orElseThrow().descendants().toList();
            ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
            var exited = next(ProcessEvent.Exited.class);
            assertTrue(exited.why().contains("killed by signal 9"), exited.why());
            for (ProcessHandle p : group) {
                p.onExit().get(60, TimeUnit.SECONDS); // the watchdog cleans up what the server left
            }
            next(ProcessEvent.Restarting.class);
            var second = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Ready.class);
            assertFalse(first.pid() == second.pid());
            process.awaitRunning(Duration.ofSeconds(60));
            var running = new ArrayList<ProcessHandle>();
            running.add(ProcessHandle.of(second.pid()).orElseThrow());
            running.addAll(ProcessHandle.of(second.pid()).orElseThrow().descendants().toList());
            assertEquals(3, running.size(), "the server and its two sleeps");
            process.stop();
            assertInstanceOf(ProcessEvent.Stopped.class, events.stream().filter(ProcessEvent.Stopped.class::isInstance)
                    .findFirst().orElseThrow());
            for (ProcessHandle p : running) {
                assertFalse(p.isAlive(), "left running after stop: " + p.pid() + " " + p.info().commandLine());
            }
            assertEquals(ManagedState.STOPPED, process.status().state());
        }
    }

    @Test
    void anUnhealthyServerIsRestartedAfterTheConfiguredFailedProbes() throws Exception {
        var policy = new RestartPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1), 2, Duration.ofMinutes(10));
        try (var process = process(spec(List.of("sleep", "1000"), Duration.ofSeconds(60), policy), port -> true)) {
            process.awaitRunning(Duration.ofSeconds(60));
            var first = next(ProcessEvent.Starting.class);
            process.reportHealth(false, "GET /health answered 500");
            assertEquals(ManagedState.RUNNING, process.status().state(), "one failed probe is not enough");
            process.reportHealth(false, "GET /health answered 500");
            var exited = next(ProcessEvent.Exited.class);
            assertTrue(exited.why().contains("stayed unhealthy for 2 probes"), exited.why());
            assertGone(first.pid());
            next(ProcessEvent.Starting.class);
        }
    }

    @Test
    void aCommandThatCannotRunIsReported() throws Exception {
        var policy = new RestartPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1), 2, Duration.ofMinutes(10));
        try (var process = process(spec(List.of("/nonexistent/helix-no-such-server"), Duration.ofSeconds(60), policy),
                port -> false)) {
            var error = assertThrows(ManagedProcess.NotReadyException.class,
                    () -> process.awaitRunning(Duration.ofSeconds(60)));
            assertTrue(error.getMessage().contains("exited with status 127"), error.getMessage());
        }
    }
}
