package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.providers.fake.ClosedPort;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.router.config.AliasConfig;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.RoutingConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.router.upstream.Upstreams;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a real upstream socket, seen by a client of Helix: alias {@code m} is backend {@code a} (the one that
 * misbehaves, a vLLM fake) then {@code b} (a healthy llama-server fake), in that order. Helix retries and fails over
 * before the first byte, opens a's breaker, closes it when a recovers (the breaker's clock is the test's), passes
 * tokens through as they arrive, ends a stream that breaks after its first bytes with an error event, and never
 * hangs a client.
 */
@Timeout(120)
class UpstreamFaultsTest {
    private static final String B_TEXT = "Hello from llama.cpp llama-server";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private FakeUpstream a;
    private FakeUpstream b;
    private ModelRouter router;
    private HelixServer server;

    private void start(URI aAddress) throws Exception {
        b = FakeUpstream.start(ServerKind.LLAMA_SERVER);
        var routing = new RoutingConfig("priority", Duration.ZERO, Duration.ZERO, 3, Duration.ofSeconds(30),
                Duration.ofSeconds(30), false, List.of("127.0.0.1"), List.of(), Duration.ofSeconds(60));
        var pa = new ProviderConfig("a", "vllm", aAddress, null, List.of(), 1, 100, 0, Duration.ofMillis(500), 1, null,
                java.util.Map.of(), null, null);
        var pb = ProviderConfig.of("b", "llama-server", b.baseUri());
        var alias = new AliasConfig("m", null, List.of(new AliasConfig.Target("a", "fake-model", 0),
                new AliasConfig.Target("b", "fake-model", 1)));
        router = new ModelRouter(new ModelCatalog(Files.createDirectories(dir.resolve("models")), List.of(),
                ModelLoadOptions.DEFAULTS), LlamaCppProviders.runners(RunnerSettings.defaults()), RouterSettings.DEFAULTS);
        var upstreams = new Upstreams(List.of(pa, pb), List.of(alias), routing, UpstreamAdapters::open, router,
                InstantSource.system(), clock::get, change -> { });
        router.attach(upstreams);
        upstreams.checkNow();
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
    }

    private void startWithFakeA() throws Exception {
        a = FakeUpstream.start(ServerKind.VLLM);
        start(a.baseUri());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (router != null) {
            router.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> chat(boolean stream) {
        return Http.post(url() + "/v1/chat/completions", "{\"model\":\"m\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private String text() throws Exception {
        var r = chat(false);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).at("/choices/0/message/content").asText();
    }

    private JsonNode backend(String id) throws Exception {
        for (JsonNode p : JSON.readTree(Http.get(url() + "/helix/providers").body()).path("providers")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no backend " + id);
    }

    @Test
    void aRefusedConnectionIsSeenByTheProbeAndSkippedWithoutATry() throws Exception {
        start(ClosedPort.uri());
        JsonNode down = backend("a");
        assertEquals("DOWN", down.path("health").asText());
        assertTrue(down.path("health_detail").asText().contains("refused the connection"), down.toString());
        for (int i = 0; i < 4; i++) {
            assertEquals(B_TEXT, text());
        }
        assertEquals(0, backend("a").path("consecutive_failures").asInt(), "a backend known down is not even tried");
    }

    @Test
    void aConnectionRefusedBetweenProbesFailsOverAndOpensTheBreaker() throws Exception {
        startWithFakeA();
        a.close(); // up at the last probe, gone now
        for (int i = 0; i < 3; i++) {
            assertEquals(B_TEXT, text());
        }
        assertEquals("OPEN", backend("a").path("breaker").asText());
        assertEquals("CLOSED", backend("b").path("breaker").asText());
    }

    @Test
    void a500IsRetriedThenFailedOverAndTheBreakerClosesWhenTheUpstreamRecovers() throws Exception {
        startWithFakeA();
        a.inject(Fault.ServerError.internal());
        for (int i = 0; i < 5; i++) {
            assertEquals(B_TEXT, text());
        }
        assertEquals(3, a.requests("POST /v1/chat/completions").size(),
                "a try and a retry, one more try, then the open breaker sends nothing");
        assertEquals("OPEN", backend("a").path("breaker").asText());

        a.clearFault();
        assertEquals(B_TEXT, text(), "still open before the cool-down");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("Hello from vLLM", text(), "the half-open trial goes to a and succeeds");
        assertEquals("CLOSED", backend("a").path("breaker").asText());
        assertEquals("Hello from vLLM", text());
    }

    @Test
    void anUpstreamThatHangsPastItsTimeoutIsLeftForTheNextOne() throws Exception {
        startWithFakeA();
        var gate = new Gate();
        a.inject(new Fault.Hang(gate));
        try {
            assertEquals(B_TEXT, text());
        } finally {
            gate.open();
        }
    }

    @Test
    void malformedJsonFromTheFirstIsFailedOverBeforeAnyByte() throws Exception {
        startWithFakeA();
        a.inject(new Fault.MalformedJson());
        assertEquals(B_TEXT, text());
    }

    @Test
    void aStreamThatDiesAfterItsFirstTokensEndsWithAnErrorEventAndIsNotRetried() throws Exception {
        startWithFakeA();
        a.script(a.script().withTokens("one", " two", " three", " four"));
        a.inject(new Fault.DieMidStream(2));
        var r = chat(true);
        assertEquals(200, r.statusCode());
        List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
        String contents = events.stream().filter(e -> e.contains("\"content\"")).map(e -> e.replaceAll(
                ".*\"content\":\"([^\"]*)\".*", "$1")).reduce("", String::concat);
        assertEquals("one two", contents, r.body());
        assertTrue(events.getLast().contains("\"error\""), r.body());
        assertFalse(r.body().contains("[DONE]"), "a broken stream does not end as if whole");
        assertEquals(0, b.requests("POST /v1/chat/completions").size(), "after the first byte: no failover");
    }

    @Test
    void tokensArePassedThroughAsTheyArriveNotAfterTheEnd() throws Exception {
        startWithFakeA();
        var gate = new Gate();
        a.script(a.script().withTokens("first", " second"));
        a.inject(new Fault.Slow(gate));
        gate.allow(1);
        var client = HttpClient.newHttpClient();
        try {
            HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(url()
                            + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\","
                            + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();
            assertTrue(nextContent(lines).contains("\"first\""), "the first token, while the second is held upstream");
            gate.allow(1);
            assertTrue(nextContent(lines).contains("\" second\""));
            gate.open();
            response.body().close();
        } finally {
            gate.open();
            client.close();
        }
    }

    private static String nextContent(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void noConnectionOrThreadOutlivesTheFaults() throws Exception {
        long fdsBefore = openFiles();
        int threadsBefore = Thread.activeCount();
        startWithFakeA();
        for (Fault fault : List.of(Fault.ServerError.internal(), new Fault.MalformedJson(), new Fault.DieMidStream(1))) {
            a.inject(fault);
            chat(false);
            chat(true);
        }
        stop();
        server = null;
        router = null;
        a = null;
        b = null;
        // Closing ends Jetty's threads, the adapters' HTTP clients and the fakes; wait for the counts to settle.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((openFiles() > fdsBefore + 4 || Thread.activeCount() > threadsBefore + 2)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(openFiles() <= fdsBefore + 4, "descriptors: " + fdsBefore + " before, " + openFiles() + " after");
        assertTrue(Thread.activeCount() <= threadsBefore + 2,
                "threads: " + threadsBefore + " before, " + Thread.activeCount() + " after");
    }

    private static long openFiles() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc (Linux)");
        try (var list = Files.list(fds)) {
            return list.count();
        }
    }
}
