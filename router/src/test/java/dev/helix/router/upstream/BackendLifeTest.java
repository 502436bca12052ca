package dev.helix.router.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A backend taken out of service is closed once, after its last request, and cannot be held once closed. */
class BackendLifeTest {
    /** Counts its closes; nothing else is asked of it here. */
    private static final class Counted implements Provider {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String id() {
            return "counted";
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public Health health() {
            return Health.up();
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
            closes.incrementAndGet();
        }
    }

    @Test
    void retiredWithNoRequestClosesAtOnce() {
        var provider = new Counted();
        var life = new BackendLife(provider);
        life.retire();
        assertEquals(1, provider.closes.get());
        assertFalse(life.hold(), "a closed backend cannot be held: the request reads the new table");
    }

    @Test
    void retiredWhileHeldClosesAfterTheLastRelease() {
        var provider = new Counted();
        var life = new BackendLife(provider);
        assertTrue(life.hold());
        assertTrue(life.hold());
        life.retire();
        assertEquals(0, provider.closes.get());
        life.release();
        assertEquals(0, provider.closes.get(), "one request still runs on it");
        assertTrue(life.hold(), "held from the old table before it closed: still usable");
        life.release();
        life.release();
        assertEquals(1, provider.closes.get());
        assertTrue(life.closed());
    }

    @Test
    void notRetiredNeverClosesOnRelease() {
        var provider = new Counted();
        var life = new BackendLife(provider);
        assertTrue(life.hold());
        life.release();
        assertEquals(0, provider.closes.get());
        assertEquals(0, life.holds());
    }

    @Test
    void closedByShutdownWhileHeldStaysClosedOnRelease() {
        var provider = new Counted();
        var life = new BackendLife(provider);
        assertTrue(life.hold());
        life.close();
        life.release();
        life.retire();
        assertEquals(1, provider.closes.get());
        assertFalse(life.hold());
    }

    @Test
    void manyRequestsRacingARetireCloseItExactlyOnceAfterAllEnd() throws Exception {
        for (int round = 0; round < 50; round++) {
            var provider = new Counted();
            var life = new BackendLife(provider);
            var go = new CountDownLatch(1);
            var closedUnderARequest = new java.util.concurrent.atomic.AtomicBoolean();
            try (var threads = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 4; i++) {
                    threads.execute(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int j = 0; j < 1000; j++) {
                            if (life.hold()) {
                                if (provider.closes.get() != 0) {
                                    closedUnderARequest.set(true);
                                }
                                life.release();
                            }
                        }
                    });
                }
                go.countDown();
                life.retire();
            }
            assertFalse(closedUnderARequest.get(), "closed while a request held it, round " + round);
            assertEquals(1, provider.closes.get(), "closed exactly once, round " + round);
            assertTrue(life.closed());
        }
    }
}
