package dev.helix.router;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.llamacpp.RunnerMain;
import dev.helix.runtime.llamacpp.RunnerProvider;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The router over real runner processes: what the process table shows is what counts. */
@Timeout(180)
@Tag(TestEngine.TAG)
class ModelRouterRunnerTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static final ModelLoadOptions SMALL = TestEngine.defaults().withContextSize(512);

    private final AtomicInteger opens = new AtomicInteger();
    private ModelRouter router;

    @AfterEach
    void closeRouter() {
        if (router != null) {
            router.close();
        }
    }

    private ModelRouter router(int maxLoaded, List<ModelEntry> models) {
        ProviderFactory runners = LlamaCppProviders.runners(RunnerSettings.defaults());
        ProviderFactory counting = entry -> {
            opens.incrementAndGet();
            return runners.open(entry);
        };
        router = new ModelRouter(ModelCatalog.of(models), counting,
                RouterSettings.DEFAULTS.withMaxLoadedModels(maxLoaded).withQueueTimeout(Duration.ofSeconds(60)));
        return router;
    }

    private static List<ModelEntry> models(Path dir, String... names) {
        List<ModelEntry> entries = new ArrayList<>();
        for (String name : names) {
            Path file = TestModels.copyOf(TestModels.tiny(), dir, name + ".gguf");
            entries.add(new ModelEntry(name, file, List.of(), SMALL, null));
        }
        return entries;
    }

    /** Runner processes that are children of this JVM, right now. */
    private static Set<Long> runnerPids() {
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(RunnerMain.class.getName())).orElse(false))
                .forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static String generate(Lease lease, String prompt) {
        return lease.provider().complete(new CompletionRequest(lease.name(), prompt, GREEDY.withMaxTokens(4)))
                .collect().text();
    }

    @Test
    void threeModelsWithALimitOfTwoNeverHaveMoreThanTwoRunners(@TempDir Path dir) throws Exception {
        ModelRouter router = router(2, models(dir, "a", "b", "c"));
        AtomicInteger maxAlive = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                maxAlive.accumulateAndGet(runnerPids().size(), Math::max);
                Thread.onSpinWait();
            }
        });
        try (var pool = Executors.newFixedThreadPool(3)) {
            List<Future<String>> results = new ArrayList<>();
            String[] order = {"a", "b", "c", "a", "c", "b", "c", "a", "b"};
            for (String name : order) {
                results.add(pool.submit(() -> {
                    try (Lease lease = router.acquire(name, null)) {
                        return generate(lease, "Hello");
                    }
                }));
            }
            for (Future<String> r : results) {
                r.get();
            }
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertTrue(maxAlive.get() <= 2, "runner processes alive at once: " + maxAlive.get());
        assertTrue(maxAlive.get() >= 1, "the sampler never saw a runner");
        assertTrue(opens.get() >= 3, "every model was loaded at least once: " + opens.get());
        assertTrue(router.loaded().size() <= 2);
    }

    @Test
    void eightConcurrentFirstRequestsCauseExactlyOneLoad(@TempDir Path dir) throws Exception {
        ModelRouter router = router(2, models(dir, "solo"));
        CountDownLatch start = new CountDownLatch(1);
        Set<Long> servedBy = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (Lease lease = router.acquire("solo", null)) {
                        servedBy.add(((RunnerProvider) lease.provider()).pid());
                        return generate(lease, "Hi");
                    }
                }));
            }
            start.countDown();
            String first = results.get(0).get();
            for (Future<String> r : results) {
                assertEquals(first, r.get());
            }
        }
        assertEquals(1, opens.get(), "loads of one model");
        assertEquals(1, servedBy.size(), "runner processes that served the eight requests");
        assertEquals(1, runnerPids().size());
    }

    @Test
    void unloadingEndsTheRunnerProcess(@TempDir Path dir) {
        ModelRouter router = router(2, models(dir, "m"));
        long pid;
        try (Lease lease = router.acquire("m", null)) {
            pid = ((RunnerProvider) lease.provider()).pid();
            generate(lease, "Hi");
        }
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(router.unload("m"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the runner (and with it the model's memory) is gone once unload returns");
        assertTrue(router.loaded().isEmpty());
        assertTrue(runnerPids().isEmpty());
    }

    @Test
    void keepAliveZeroEndsTheRunnerAfterTheReply(@TempDir Path dir) throws Exception {
        ModelRouter router = router(2, models(dir, "m"));
        long pid;
        try (Lease lease = router.acquire("m", KeepAlive.UNLOAD_NOW)) {
            pid = ((RunnerProvider) lease.provider()).pid();
            generate(lease, "Hi");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void killingARunnerMidRequestFailsThatRequestAndTheNextOneSucceeds(@TempDir Path dir) {
        ModelRouter router = router(2, models(dir, "m"));
        long killed;
        try (Lease lease = router.acquire("m", null)) {
            killed = ((RunnerProvider) lease.provider()).pid();
            ChunkStream stream = lease.provider().complete(
                    new CompletionRequest("m", "Once upon a time", GREEDY.withMaxTokens(400)));
            assertInstanceOf(Chunk.Token.class, stream.next());
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            var error = assertThrows(ProviderFailedException.class, () -> {
                while (stream.hasNext()) {
                    stream.next();
                }
            });
            assertTrue(error.getMessage().contains("runner") && error.getMessage().contains("signal 9"),
                    error.getMessage());
        }
        try (Lease lease = router.acquire("m", null)) {
            long replacement = ((RunnerProvider) lease.provider()).pid();
            assertNotEquals(killed, replacement, "a new runner serves the next request");
            assertFalse(generate(lease, "Once upon a time").isEmpty());
        }
        assertEquals(2, opens.get());
    }
}
