package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ProviderBusyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Random traffic over more models than slots; asserts the router's invariants hold throughout. */
@Timeout(60)
class ModelRouterStressTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 200;
    private static final int LIMIT = 2;
    private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3");
    private static final List<KeepAlive> KEEP_ALIVES = java.util.Arrays.asList(null, KeepAlive.UNLOAD_NOW,
            KeepAlive.of(Duration.ofMillis(2)), KeepAlive.of(Duration.ofMillis(30)), KeepAlive.FOREVER,
            KeepAlive.of(Duration.ofMinutes(1)));

    @TempDir
    Path dir;

    @Test
    void randomTrafficKeepsTheInvariants() throws Exception {
        var entries = new ArrayList<ModelEntry>();
        for (String id : MODELS) {
            entries.add(new ModelEntry(id, Files.write(dir.resolve(id + ".gguf"), new byte[4]), List.of(), null, null));
        }
        var factory = new FakeProviders();
        factory.openDelayNanos = TimeUnit.MICROSECONDS.toNanos(200);
        var router = new ModelRouter(ModelCatalog.of(entries), factory,
                new RouterSettings(LIMIT, KeepAlive.DEFAULT, Duration.ofSeconds(20)));
        var problems = new ConcurrentLinkedQueue<Throwable>();
        var served = new AtomicInteger();
        var busy = new AtomicInteger();
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        round(router, served, busy);
                    }
                } catch (Throwable e) {
                    problems.add(e);
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(50, TimeUnit.SECONDS), "deadlock: requests did not finish");
        router.close();

        if (!problems.isEmpty()) {
            var failure = new AssertionError(problems.size() + " request(s) failed; first: " + problems.peek());
            problems.forEach(failure::addSuppressed);
            throw failure;
        }
        assertEquals(THREADS * ROUNDS, served.get() + busy.get(), "every round ended one way or the other");
        assertTrue(served.get() > THREADS * ROUNDS / 2, "served " + served + ", busy " + busy);
        assertTrue(factory.maxExisting() <= LIMIT, "providers at once: " + factory.maxExisting());
        assertTrue(factory.opens() > MODELS.size(), "evictions happened: " + factory.opens() + " opens");
        assertEquals(factory.opens(), factory.closes(), "every opened provider was closed");
        assertEquals(0, factory.existing());
        assertTrue(factory.providers().stream().allMatch(FakeProvider::isClosed));
    }

    /** One request (or, 1 in 100, an unload); counts it as served or not served. */
    private static void round(ModelRouter router, AtomicInteger served, AtomicInteger busy) {
        var random = ThreadLocalRandom.current();
        String model = MODELS.get(random.nextInt(MODELS.size()));
        if (random.nextInt(100) == 0) {
            router.unload(model);
            busy.incrementAndGet(); // counted with the requests not served
            return;
        }
        Lease lease;
        try {
            lease = router.acquire(model, KEEP_ALIVES.get(random.nextInt(KEEP_ALIVES.size())));
        } catch (ProviderBusyException e) {
            busy.incrementAndGet();
            return;
        }
        try (lease) {
            var provider = (FakeProvider) lease.provider();
            check(provider, model);
            for (int spin = random.nextInt(200); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            check(provider, model);
            served.incrementAndGet();
        }
        if (random.nextBoolean()) {
            lease.close(); // a second close must change nothing
        }
    }

    private static void check(FakeProvider provider, String model) {
        if (provider.isClosed()) {
            throw new AssertionError(model + ": provider closed under an open lease");
        }
        if (!provider.model().equals(model)) {
            throw new AssertionError("asked for " + model + ", got " + provider.model());
        }
    }
}
