package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ModelRouterTest {
    private static final Duration LONG = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final FakeProviders factory = new FakeProviders();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ModelRouter router;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (router != null) {
            router.close();
        }
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS), "test threads stuck");
    }

    private ModelEntry entry(String id, KeepAlive keepAlive) throws IOException {
        Path file = Files.write(dir.resolve(id + ".gguf"), new byte[] {'G', 'G', 'U', 'F'});
        return new ModelEntry(id, file, List.of(id + "-alias"), null, keepAlive);
    }

    private ModelRouter start(RouterSettings settings, ModelEntry... entries) {
        router = new ModelRouter(ModelCatalog.of(List.of(entries)), factory, settings);
        return router;
    }

    private ModelRouter start(int maxLoaded, Duration queueTimeout, String... ids) throws IOException {
        var entries = new ArrayList<ModelEntry>();
        for (String id : ids) {
            entries.add(entry(id, null));
        }
        return start(new RouterSettings(maxLoaded, KeepAlive.DEFAULT, queueTimeout), entries.toArray(ModelEntry[]::new));
    }

    private Future<Lease> acquireAsync(String name, KeepAlive keepAlive) {
        return threads.submit(() -> router.acquire(name, keepAlive));
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    private List<String> loadedIds() {
        return router.loaded().stream().map(m -> m.entry().id()).toList();
    }

    private static Throwable failureOf(Future<?> future) throws InterruptedException, java.util.concurrent.TimeoutException {
        var e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void loadsOnFirstUseAndReusesTheLoadedModel() throws Exception {
        start(2, LONG, "a");
        Lease first = router.acquire("a", null);
        assertTrue(first.loadNanos() > 0, "the first request waited for the load");
        assertEquals("a", first.name());
        first.close();

        try (Lease second = router.acquire("A-ALIAS:latest", null)) {
            assertEquals(0, second.loadNanos(), "already loaded");
            assertSame(first.provider(), second.provider());
        }
        assertEquals(1, factory.opens());
        assertThrows(ModelNotFoundException.class, () -> router.acquire("nope", null));
    }

    @Test
    void neverMoreThanTheLimitAndTheLeastRecentlyUsedIdleModelGoesFirst() throws Exception {
        start(2, LONG, "a", "b", "c");
        router.acquire("a", null).close();
        router.acquire("b", null).close();
        router.acquire("a", null).close(); // b is now least recently used
        router.acquire("c", null).close();

        assertEquals(List.of("c", "a"), loadedIds(), "most recently used first");
        assertEquals(2, factory.maxExisting());
        List<String> events = factory.events();
        assertTrue(events.indexOf("closed:b") < events.indexOf("open-start:c"), events.toString());
        assertEquals(1, factory.closes());
    }

    @Test
    void concurrentFirstRequestsShareOneLoad() throws Exception {
        start(2, LONG, "a");
        var gate = factory.gateOpen("a");
        var leases = new ArrayList<Future<Lease>>();
        for (int i = 0; i < 8; i++) {
            leases.add(acquireAsync("a", null));
        }
        factory.awaitEvent("open-start:a");
        eventually("7 requests waiting for the load", () -> router.waitingRequests() == 7);
        gate.countDown();

        for (Future<Lease> future : leases) {
            Lease lease = future.get(5, TimeUnit.SECONDS);
            assertSame(factory.providers().get(0), lease.provider());
            assertTrue(lease.loadNanos() > 0, "each request waited for the load");
        }
        assertEquals(1, factory.opensStarted());
        assertEquals(8, router.loaded().get(0).activeRequests());
        for (Future<Lease> future : leases) {
            future.get().close();
        }
        assertEquals(0, router.loaded().get(0).activeRequests());
    }

    @Test
    void evictionWaitsForTheOpenLeaseThenProceeds() throws Exception {
        start(1, LONG, "a", "b");
        Lease a = router.acquire("a", null);
        Future<Lease> b = acquireAsync("b", null);
        eventually("b waiting for a slot", () -> router.waitingRequests() == 1);
        assertEquals(1, factory.opensStarted(), "b must not load while a is in use");
        assertFalse(((FakeProvider) a.provider()).isClosed(), "a is never unloaded under a request");

        a.close();
        try (Lease lease = b.get(5, TimeUnit.SECONDS)) {
            assertEquals("b", lease.name());
        }
        List<String> events = factory.events();
        assertTrue(events.indexOf("closed:a") < events.indexOf("open-start:b"), events.toString());
        assertEquals(1, factory.maxExisting());
    }

    @Test
    void theEvictedModelIsUnloadedBeforeTheNextLoadStarts() throws Exception {
        start(1, LONG, "a", "b", "c");
        router.acquire("a", null).close();
        var closeGate = factory.gateClose("a");

        Future<Lease> b = acquireAsync("b", null);
        factory.awaitEvent("close-start:a");
        Future<Lease> c = acquireAsync("c", null);
        eventually("c waiting for a slot", () -> router.waitingRequests() == 1);
        assertEquals(1, factory.opensStarted(), "no load starts while a's runner is still going");

        closeGate.countDown();
        b.get(5, TimeUnit.SECONDS).close();
        c.get(5, TimeUnit.SECONDS).close();
        List<String> events = factory.events();
        assertTrue(events.indexOf("closed:a") < events.indexOf("open-start:b"), events.toString());
        assertTrue(events.indexOf("closed:b") < events.indexOf("open-start:c"), events.toString());
        assertEquals(1, factory.maxExisting());
    }

    @Test
    void waitingLongerThanTheQueueTimeoutIsBusy() throws Exception {
        start(1, Duration.ofMillis(100), "a", "b");
        Lease a = router.acquire("a", null);
        long start = System.nanoTime();
        var busy = assertThrows(ProviderBusyException.class, () -> router.acquire("b", null));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "waited the queue timeout");
        assertEquals("all 1 model slots are busy (a in use) and \"b\" waited 100ms for one; try again later",
                busy.getMessage());
        assertEquals(RouterBusy.RETRY_AFTER, busy.retryAfter());
        assertEquals(1, factory.opensStarted());

        a.close();
        try (Lease b = router.acquire("b", null)) {
            assertEquals("b", b.name(), "the timed-out request left nothing behind");
        }
    }

    @Test
    void waitingForASlowLoadIsBoundedToo() throws Exception {
        start(2, Duration.ofMillis(50), "a");
        var gate = factory.gateOpen("a");
        Future<Lease> loader = acquireAsync("a", null);
        factory.awaitEvent("open-start:a");
        var busy = assertThrows(ProviderBusyException.class, () -> router.acquire("a", null));
        assertEquals("model \"a\" is still loading after 50ms; try again later", busy.getMessage());
        gate.countDown();
        loader.get(5, TimeUnit.SECONDS).close();
        assertEquals(1, factory.opens());
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndTheNextRequestRetries() throws Exception {
        start(2, LONG, "a");
        var gate = factory.gateOpen("a");
        factory.failNextOpen("a", FakeProviders.loadFailure("bad magic"));
        var attempts = new ArrayList<Future<Lease>>();
        for (int i = 0; i < 4; i++) {
            attempts.add(acquireAsync("a", null));
        }
        factory.awaitEvent("open-start:a");
        eventually("3 requests waiting for the load", () -> router.waitingRequests() == 3);
        gate.countDown();

        Throwable first = failureOf(attempts.get(0));
        assertInstanceOf(ModelLoadException.class, first);
        for (Future<Lease> attempt : attempts) {
            assertSame(first, failureOf(attempt), "all waiters get the same exception");
        }
        LoadFailure recorded = router.failures().get("a");
        assertEquals("bad magic", recorded.message());
        assertNotNull(recorded.at());
        assertEquals(0, factory.existing());

        try (Lease lease = router.acquire("a", null)) {
            assertEquals("a", lease.name());
        }
        assertEquals(2, factory.opensStarted());
        assertTrue(router.failures().isEmpty(), "a successful load clears the failure");
    }

    @Test
    void anyExceptionFromTheFactoryIsALoadFailureAndFreesTheSlot() throws Exception {
        start(1, Duration.ZERO, "a", "b");
        factory.failNextOpen("a", new IllegalStateException("out of memory"));
        var e = assertThrows(ModelLoadException.class, () -> router.acquire("a", null));
        assertEquals("failed to load model \"a\": out of memory", e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        try (Lease b = router.acquire("b", null)) {
            assertEquals("b", b.name(), "the failed load released its place at once");
        }
    }

    @Test
    void aMissingFileIsNotFoundAtLoadNotInTheCatalog() throws Exception {
        var gone = new ModelEntry("gone", dir.resolve("gone.gguf"), List.of(), null, null);
        start(RouterSettings.DEFAULTS, gone);
        var e = assertThrows(ModelNotFoundException.class, () -> router.acquire("gone", null));
        assertEquals("model \"gone\" not found: its file " + dir.resolve("gone.gguf") + " is gone", e.getMessage());
        assertEquals(0, factory.opensStarted());
        assertEquals(e.getMessage(), router.failures().get("gone").message());
    }

    @Test
    void keepAliveZeroUnloadsWhenTheLastLeaseCloses() throws Exception {
        start(2, LONG, "a");
        Lease one = router.acquire("a", KeepAlive.UNLOAD_NOW);
        Lease two = router.acquire("a", KeepAlive.UNLOAD_NOW);
        one.close();
        one.close(); // a second close must not count twice
        assertEquals(1, router.loaded().get(0).activeRequests());
        assertEquals(0, factory.closes(), "still in use");
        two.close();
        factory.awaitEvent("closed:a");
        assertEquals(List.of(), router.loaded());
    }

    @Test
    void keepAliveExpiresAfterItsDuration() throws Exception {
        start(2, LONG, "a");
        Lease lease = router.acquire("a", KeepAlive.of(Duration.ofMillis(200)));
        long closedAt = System.nanoTime();
        lease.close();
        factory.awaitEvent("closed:a");
        assertTrue(System.nanoTime() - closedAt >= TimeUnit.MILLISECONDS.toNanos(200), "not before keep_alive");
        assertEquals(List.of(), router.loaded());
    }

    @Test
    void idleModelsShowWhenTheyExpire() throws Exception {
        start(2, LONG, "a");
        Lease lease = router.acquire("a", KeepAlive.of(Duration.ofMinutes(5)));
        LoadedModel inUse = router.loaded().get(0);
        assertNull(inUse.expiresAt(), "in use");
        assertEquals(1, inUse.activeRequests());
        assertNotNull(inUse.loadedAt());
        lease.close();
        Instant expires = router.loaded().get(0).expiresAt();
        Instant expected = Instant.now().plus(Duration.ofMinutes(5));
        assertTrue(Duration.between(expires, expected).abs().toSeconds() < 5, expires + " vs " + expected);
        assertEquals(1, router.scheduledExpiries());
    }

    @Test
    void negativeKeepAliveNeverExpires() throws Exception {
        start(new RouterSettings(2, KeepAlive.UNLOAD_NOW, LONG), entry("pinned", KeepAlive.FOREVER));
        router.acquire("pinned", null).close(); // the entry's keep_alive beats the router default
        router.acquire("pinned", KeepAlive.FOREVER).close();
        assertEquals(0, router.scheduledExpiries(), "no expiry is scheduled at all");
        assertNull(router.loaded().get(0).expiresAt());
        assertEquals(0, factory.closes());
    }

    @Test
    void theRouterDefaultAppliesWhenNeitherRequestNorEntryGivesOne() throws Exception {
        start(new RouterSettings(2, KeepAlive.UNLOAD_NOW, LONG), entry("a", null));
        router.acquire("a", null).close();
        factory.awaitEvent("closed:a");
    }

    @Test
    void theNewestRequestsKeepAliveWins() throws Exception {
        start(2, LONG, "a", "b");
        Lease older = router.acquire("a", KeepAlive.UNLOAD_NOW);
        Lease newer = router.acquire("a", KeepAlive.FOREVER);
        newer.close();
        older.close();
        assertEquals(0, router.scheduledExpiries());
        assertEquals(List.of("a"), loadedIds());

        Lease forever = router.acquire("b", KeepAlive.FOREVER);
        Lease zero = router.acquire("b", KeepAlive.UNLOAD_NOW);
        forever.close();
        zero.close();
        factory.awaitEvent("closed:b");
    }

    @Test
    void aProviderThatIsDownIsReplacedOnTheNextRequest() throws Exception {
        start(2, LONG, "a");
        Lease first = router.acquire("a", null);
        first.close();
        ((FakeProvider) first.provider()).crash();

        try (Lease second = router.acquire("a", null)) {
            assertNotSame(first.provider(), second.provider());
            assertEquals("UP", second.provider().health().status().name());
            assertTrue(second.loadNanos() > 0, "it was reloaded");
        }
        assertTrue(((FakeProvider) first.provider()).isClosed());
        assertEquals(2, factory.opens());
        assertEquals(1, factory.existing());
    }

    @Test
    void unloadingAModelInUseWaitsForItsLastLease() throws Exception {
        start(2, LONG, "a", "b");
        Lease a = router.acquire("a", KeepAlive.FOREVER);
        assertTrue(router.unload("a-alias"));
        assertEquals(0, factory.closes(), "never under a request");
        assertEquals(List.of("a"), loadedIds());
        a.close();
        factory.awaitEvent("closed:a");

        router.acquire("b", null).close();
        assertTrue(router.unload("b"));
        assertEquals(2, factory.closes(), "an idle model unloads before unload() returns");
        assertFalse(router.unload("b"), "no longer loaded");
        assertFalse(router.unload("nope"));
    }

    @Test
    void aNewRequestCancelsAPendingUnload() throws Exception {
        start(2, LONG, "a");
        Lease old = router.acquire("a", null);
        assertTrue(router.unload("a"));
        Lease fresh = router.acquire("a", null);
        old.close();
        fresh.close();
        assertEquals(List.of("a"), loadedIds());
        assertEquals(1, router.scheduledExpiries(), "back on the default keep_alive");
    }

    @Test
    void closeClosesEveryProviderAndRefusesNewRequests() throws Exception {
        start(2, LONG, "a", "b");
        Lease inUse = router.acquire("a", null);
        router.acquire("b", null).close();
        router.close();
        assertEquals(2, factory.closes());
        assertEquals(0, factory.existing());
        assertThrows(ProviderBusyException.class, () -> router.acquire("a", null));
        inUse.close(); // harmless after close
        router.close(); // idempotent
        assertEquals(2, factory.closes());
    }

    @Test
    void closeWaitsForALoadInProgressAndClosesItsProvider() throws Exception {
        start(2, LONG, "a");
        var gate = factory.gateOpen("a");
        Future<Lease> loading = acquireAsync("a", null);
        factory.awaitEvent("open-start:a");
        Future<?> closing = threads.submit(router::close);
        eventually("close() waiting for the load", () -> router.waitingRequests() == 1);
        gate.countDown();
        closing.get(5, TimeUnit.SECONDS);
        assertInstanceOf(ProviderBusyException.class, failureOf(loading));
        assertEquals(0, factory.existing(), "no runner outlives close()");
    }
}
