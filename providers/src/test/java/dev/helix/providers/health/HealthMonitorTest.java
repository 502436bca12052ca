package dev.helix.providers.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class HealthMonitorTest {
    private final List<HealthMonitor.Change> changes = new ArrayList<>();
    private final Instant t0 = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void unknownUntilProbedThenEveryStatusChangeIsPublishedOnce() throws Exception {
        var backend = new Probed("vllm@http://127.0.0.1:8000");
        try (var monitor = new HealthMonitor(InstantSource.fixed(t0), changes::add)) {
            monitor.watch(backend);
            assertEquals(Health.Status.UNKNOWN, monitor.observation(backend.id()).health().status());
            assertNull(monitor.observation(backend.id()).at());

            monitor.checkNow();
            monitor.checkNow();
            backend.next.set(Health.down("connection refused"));
            monitor.checkNow();
            monitor.checkNow();
            backend.next.set(Health.up());
            monitor.checkNow();

            assertEquals(5, backend.probes.get());
            assertEquals(List.of(Health.Status.UP, Health.Status.DOWN, Health.Status.UP),
                    changes.stream().map(c -> c.to().status()).toList());
            assertEquals(Health.Status.UNKNOWN, changes.get(0).from().status());
            assertEquals(new HealthMonitor.Observation(Health.up(), t0), monitor.observation(backend.id()));
        }
    }

    @Test
    void backendsAreProbedTogetherNotOneAfterAnother() throws Exception {
        // Each probe waits until both have started: run one after the other, the round could never end.
        var bothStarted = new CountDownLatch(2);
        var a = new Probed("a", bothStarted);
        var b = new Probed("b", bothStarted);
        try (var monitor = new HealthMonitor(InstantSource.fixed(t0), changes::add)) {
            monitor.watch(a);
            monitor.watch(b);
            monitor.checkNow();
        }
        assertEquals(2, changes.size());
    }

    @Test
    void aProbeThatThrowsCountsAsDown() throws Exception {
        var broken = new Probed("broken") {
            @Override
            public Health probe() {
                throw new IllegalStateException("boom");
            }
        };
        try (var monitor = new HealthMonitor(InstantSource.fixed(t0), changes::add)) {
            monitor.watch(broken);
            monitor.checkNow();
            assertEquals(Health.Status.DOWN, monitor.observation("broken").health().status());
            assertEquals("probe failed: java.lang.IllegalStateException: boom",
                    monitor.observation("broken").health().detail());
        }
    }

    private static class Probed implements Provider {
        final String id;
        final AtomicReference<Health> next = new AtomicReference<>(Health.up());
        final AtomicInteger probes = new AtomicInteger();
        final CountDownLatch together;

        Probed(String id) {
            this(id, new CountDownLatch(0));
        }

        Probed(String id, CountDownLatch together) {
            this.id = id;
            this.together = together;
        }

        @Override
        public Health probe() {
            probes.incrementAndGet();
            together.countDown();
            try {
                together.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return next.get();
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public Health health() {
            return next.get();
        }

        @Override
        public ChunkStream chat(ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChunkStream complete(CompletionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Embeddings embed(EmbeddingRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
