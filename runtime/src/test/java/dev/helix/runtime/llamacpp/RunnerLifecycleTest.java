package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each test owns its runner: they end, kill or load-fail it. */
@Timeout(120)
@Tag(TestEngine.TAG)
class RunnerLifecycleTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);

    private static RunnerProvider start(ModelLoadOptions options, RunnerSettings settings) {
        return RunnerProvider.start("tiny", TestModels.tiny(), options, settings);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitGone(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (alive(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void closingEndsTheProcessSoItsMemoryIsReturned() {
        RunnerProvider provider = start(TestEngine.defaults().withContextSize(128), RunnerSettings.defaults());
        long pid = provider.pid();
        assertTrue(alive(pid));
        provider.close();
        assertFalse(alive(pid), "close() returns only once the runner is gone");
        assertEquals(Health.Status.DOWN, provider.health().status());
        provider.close();
    }

    @Test
    void killingTheRunnerFailsTheRequestInFlightWithTheReason() {
        try (RunnerProvider provider = start(TestEngine.defaults().withContextSize(4096), RunnerSettings.defaults())) {
            ChunkStream stream = provider.complete(new CompletionRequest("tiny", "Once upon a time", GREEDY));
            assertInstanceOf(Chunk.Token.class, stream.next());
            ProcessHandle.of(provider.pid()).orElseThrow().destroyForcibly();
            var error = assertThrows(ProviderFailedException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
            assertTrue(error.getMessage().contains("killed by signal 9"), error.getMessage());
            assertEquals(Health.Status.DOWN, provider.health().status());
            assertThrows(ProviderFailedException.class,
                    () -> provider.complete(new CompletionRequest("tiny", "x", GREEDY)));
            provider.close(); // as the router puts a dead runner away: later requests still hear how it died
            assertTrue(provider.health().detail().contains("killed by signal 9"), provider.health().detail());
        }
    }

    @Test
    void aClosedStreamFreesItsSlotAtOnce() {
        // A generation runs at most a window of chunks ahead of its reader, so the abandoned one below, unread and
        // uncancelled, would hold the only slot for good and the next request would fail as busy after the queue
        // timeout. The long timeout keeps a slow machine from failing a correct runner.
        var settings = RunnerSettings.defaults().withQueueTimeout(Duration.ofSeconds(60));
        try (RunnerProvider provider = start(TestEngine.defaults().withContextSize(4096).withParallel(1), settings)) {
            var unbounded = new CompletionRequest("tiny", "Once upon a time", GREEDY);
            try (ChunkStream stream = provider.complete(unbounded)) {
                stream.next();
                stream.next();
            }
            var next = provider.complete(new CompletionRequest("tiny", "Once", GREEDY.withMaxTokens(4))).collect();
            assertTrue(next.usage().completionTokens() > 0);
        }
    }

    @Test
    void aStreamNobodyReadsStopsAWindowAheadAndKeepsItsSlot() {
        var settings = RunnerSettings.defaults().withQueueTimeout(Duration.ofMillis(300));
        try (RunnerProvider provider = start(TestEngine.defaults().withContextSize(4096).withParallel(1), settings);
             ChunkStream unread = provider.complete(new CompletionRequest("tiny", "Once upon a time", GREEDY))) {
            assertInstanceOf(Chunk.Token.class, unread.next());
            assertThrows(ProviderBusyException.class, () -> provider.complete(
                    new CompletionRequest("tiny", "Once", GREEDY.withMaxTokens(4))).collect());
            for (int i = 0; i < 3 * FlowWindow.SIZE; i++) {
                assertInstanceOf(Chunk.Token.class, unread.next(), "credit returned as the reader goes on");
            }
        }
    }

    @Test
    void aMissingFileFailsTheLoadWithoutStartingAnything() {
        var error = assertThrows(ModelLoadException.class, () -> RunnerProvider.start("nope",
                Path.of("/nonexistent/model.gguf"), TestEngine.defaults(), RunnerSettings.defaults()));
        assertTrue(error.getMessage().contains("not found"), error.getMessage());
    }

    @Test
    void aFileThatIsNotGgufFailsTheLoadWithTheReason(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("bogus.gguf");
        Files.writeString(bogus, "this is not a model");
        var error = assertThrows(ModelLoadException.class, () -> RunnerProvider.start("bogus", bogus,
                TestEngine.defaults(), RunnerSettings.defaults()));
        assertTrue(error.getMessage().contains("bogus.gguf"), error.getMessage());
    }

    @Test
    void aFileLlamaCppRefusesFailsTheLoadWithWhatLlamaCppSaidAboutIt(@TempDir Path dir) {
        Path hollow = TestModels.headerOnly(dir, "hollow.gguf");
        var error = assertThrows(ModelLoadException.class, () -> RunnerProvider.start("hollow", hollow,
                TestEngine.defaults(), RunnerSettings.defaults()));
        // the binding's exception says only "could not load model from given file path"; llama.cpp's log says why
        assertTrue(error.getMessage().startsWith("llama.cpp could not load " + hollow), error.getMessage());
        assertTrue(error.getMessage().contains("error loading model"), error.getMessage());
    }

    @Test
    void aRunnerNeverOutlivesItsServer() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dhelix.test.engine=" + TestEngine.engine().wireName(),
                "-cp", System.getProperty("java.class.path"),
                RunnerParentMain.class.getName(), TestModels.tiny().toString());
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
        long runnerPid = -1;
        try (var reader = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("runner pid ")) {
                    runnerPid = Long.parseLong(line.substring("runner pid ".length()).trim());
                    break;
                }
            }
            assertTrue(runnerPid > 0, "the parent never reported its runner");
            assertTrue(alive(runnerPid));
            Path folder = runnerFolder(runnerPid);
            parent.destroyForcibly();
            assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
            awaitGone(runnerPid, Duration.ofSeconds(60));
            assertFalse(alive(runnerPid), "the runner outlived its killed parent");
            assertFalse(Files.exists(folder), "the runner removed its folder before it went: " + folder);
        } finally {
            parent.destroyForcibly();
            if (runnerPid > 0) {
                ProcessHandle.of(runnerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void finishReasonCancelledNeverReachesAConsumerThatKeepsReading() {
        try (RunnerProvider provider = start(TestEngine.defaults().withContextSize(256), RunnerSettings.defaults())) {
            Chunk last = null;
            try (ChunkStream stream = provider.complete(new CompletionRequest("tiny", "Hi", GREEDY.withMaxTokens(5)))) {
                while (stream.hasNext()) {
                    last = stream.next();
                }
            }
            var done = assertInstanceOf(Chunk.Done.class, last);
            assertTrue(done.reason() == FinishReason.LENGTH || done.reason() == FinishReason.STOP, done.toString());
        }
    }

    /** The temp folder whose pid file names this runner. */
    private static Path runnerFolder(long pid) throws Exception {
        try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(RunnerDirectories.PREFIX))
                    .toList()) {
                Path file = dir.resolve(RunnerDirectories.PID_FILE);
                if (Files.exists(file) && Files.readString(file).strip().equals(Long.toString(pid))) {
                    return dir;
                }
            }
        }
        throw new AssertionError("no folder names runner " + pid);
    }

    @Test
    void aSweepRemovesTheFoldersOfRunnersThatAreGoneAndNoOthers(@TempDir Path tmp) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        assertTrue(finished.waitFor(60, TimeUnit.SECONDS));
        Path gone = Files.createDirectory(tmp.resolve(RunnerDirectories.PREFIX + "gone"));
        RunnerDirectories.claim(gone, finished.pid());
        Files.writeString(gone.resolve("libjllama.so"), "x");
        Path alive = Files.createDirectory(tmp.resolve(RunnerDirectories.PREFIX + "alive"));
        RunnerDirectories.claim(alive, ProcessHandle.current().pid());
        Path starting = Files.createDirectory(tmp.resolve(RunnerDirectories.PREFIX + "starting"));
        Path other = Files.createDirectory(tmp.resolve("something-else"));
        assertEquals(1, RunnerDirectories.sweep(tmp));
        assertFalse(Files.exists(gone));
        assertTrue(Files.exists(alive) && Files.exists(starting) && Files.exists(other));
    }
}
