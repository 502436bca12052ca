package dev.helix.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.providers.adapter.UpstreamProvider;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * models.yaml's providers and aliases edited under a running server, with real fake upstreams (a llama-server speaking
 * OpenAI's wire format, two Ollamas speaking Ollama's): a provider added is served, a removed one is gone while a
 * stream already running through it finishes whole and its connections close only after that, an alias's targets and
 * strategy change the split of new requests, and an invalid edit is rejected while serving goes on.
 */
@Timeout(180)
class ProviderReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeUpstream a;
    private FakeUpstream b;
    private FakeUpstream c;
    private final Gate gate = new Gate();
    private Path yaml;
    private ModelRouter router;
    private HelixServer server;
    private ConfigReloader reloader;
    private ConfigWatcher watcher;

    @BeforeEach
    void start() throws Exception {
        a = FakeUpstream.start(ServerKind.LLAMA_SERVER);
        a.script(a.script().withModel("alpha").withTokens("one", " two", " three"));
        a.inject(new Fault.Slow(gate));
        b = FakeUpstream.start(ServerKind.OLLAMA);
        b.script(b.script().withModel("beta").withTokens("from", " b"));
        c = FakeUpstream.start(ServerKind.OLLAMA);
        c.script(c.script().withModel("gamma").withTokens("from", " c"));
        Files.createDirectories(dir.resolve("models"));
        yaml = Files.writeString(dir.resolve("models.yaml"), config("""
                providers:
                  a: {type: llama-server, endpoint: %s}
                """.formatted(a.baseUri())));
        HelixConfig config = HelixConfig.load(yaml, dir);
        router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, router);
        router.attach(upstreams);
        upstreams.checkNow(); // one probe round now; no schedule, so no timing in the test
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        reloader = new ConfigReloader(() -> HelixConfig.load(yaml, dir), router, config);
        watcher = new ConfigWatcher(yaml, reloader);
    }

    @AfterEach
    void stop() {
        gate.open();
        for (AutoCloseable c : new AutoCloseable[] {watcher, server, router, a, b, c}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    private String config(String rest) {
        return """
                models_dir: %s
                discovery: {enabled: false}
                """.formatted(dir.resolve("models")) + rest;
    }

    /** Replaces the file as editors do (written aside, moved over it), then waits for the watcher's reload. */
    private ConfigReloader.Result edit(String text) throws Exception {
        ConfigReloader.Result before = reloader.last();
        Path aside = Files.writeString(dir.resolve("models.yaml.tmp"), text);
        Files.move(aside, yaml, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await(() -> reloader.last() != before, "the watcher reloads the edit");
        return reloader.last();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within the hang guard: " + what);
            }
            Thread.sleep(10);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Set<String> listed() throws Exception {
        JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/v1/models"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var names = new TreeSet<String>();
        body.path("data").forEach(m -> names.add(m.path("id").asText()));
        return names;
    }

    private Set<String> providers() throws Exception {
        JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/helix/providers"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        var ids = new TreeSet<String>();
        body.path("providers").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s", "messages": [{"role": "user", "content": "hi"}]}""".formatted(model)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String answer(String model) throws Exception {
        var response = chat(model);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).at("/choices/0/message/content").asText();
    }

    @Test
    void aProviderAddedIsServedAndOneRemovedFinishesItsStreamThenClosesItsConnections() throws Exception {
        assertFalse(listed().contains("beta"));
        assertEquals(404, chat("beta").statusCode(), "not configured yet");

        var added = edit(config("""
                providers:
                  a: {type: llama-server, endpoint: %s}
                  b: {type: ollama, endpoint: %s}
                """.formatted(a.baseUri(), b.baseUri())));
        assertTrue(added.applied(), added.problems().toString());
        assertTrue(listed().containsAll(Set.of("alpha", "beta:latest")), listed().toString());
        assertEquals("from b", answer("beta"), "the added provider serves at once, over Ollama's wire format");
        assertTrue(providers().containsAll(Set.of("a", "b")), providers().toString());

        // A stream through a, held open by the fake's gate after its first token.
        var oldA = (UpstreamProvider) router.upstreams().orElseThrow().provider("a").orElseThrow();
        var pending = http.sendAsync(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "alpha", "stream": true, "messages": [{"role": "user", "content": "hi"}]}"""))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        gate.awaitArrivals(1, HANG_GUARD); // the fake waits before its first token
        gate.allow(1);
        HttpResponse<java.io.InputStream> streaming = pending.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, streaming.statusCode());
        var events = new BufferedReader(new InputStreamReader(streaming.body(), StandardCharsets.UTF_8));
        var text = new StringBuilder();
        while (text.isEmpty()) { // the role's event may come first
            text.append(content(nextData(events)));
        }
        assertEquals("one", text.toString());
        gate.awaitArrivals(1, HANG_GUARD); // before the second token: the request is in flight on a
        assertEquals(new UpstreamProvider.Connections(1, 0), oldA.connections());

        var removed = edit(config("""
                providers:
                  b: {type: ollama, endpoint: %s}
                """.formatted(b.baseUri())));
        assertTrue(removed.applied(), removed.problems().toString());
        assertFalse(listed().contains("alpha"), listed().toString());
        assertFalse(providers().contains("a"), "/helix/providers shows the new set: " + providers());
        var gone = chat("alpha");
        assertEquals(404, gone.statusCode(), gone.body());
        assertEquals("model_not_found", JSON.readTree(gone.body()).at("/error/code").asText(), gone.body());
        assertEquals(new UpstreamProvider.Connections(1, 0), oldA.connections(),
                "the removed provider stays open while its request is in flight");

        gate.open();
        String line;
        String last = null;
        while ((line = nextData(events)) != null) {
            last = line;
            if (!line.equals("[DONE]")) {
                text.append(content(line));
            }
        }
        assertEquals("[DONE]", last, "the stream ends as streams end");
        assertEquals("one two three", text.toString(), "the stream in flight finished whole on the old settings");
        await(() -> oldA.connections().equals(new UpstreamProvider.Connections(0, 0)),
                "the removed provider's connections are closed once its last request ended");
        var bProvider = (UpstreamProvider) router.upstreams().orElseThrow().provider("b").orElseThrow();
        assertTrue(bProvider.connections().idle() > 0, "a provider still configured keeps its connections pooled: "
                + bProvider.connections());
        assertEquals("from b", answer("beta"));
    }

    /** The next {@code data:} payload of a server-sent event stream, or null at its end. */
    private static String nextData(BufferedReader events) throws java.io.IOException {
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
        return null;
    }

    private static String content(String data) throws java.io.IOException {
        return JSON.readTree(data).at("/choices/0/delta/content").asText("");
    }

    /** How many of {@code n} requests for {@code model} each backend answered, by its answer. */
    private java.util.Map<String, Integer> split(String model, int n) throws Exception {
        var counts = new java.util.TreeMap<String, Integer>();
        for (int i = 0; i < n; i++) {
            counts.merge(answer(model), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void anAliasChangedRoutesTheNewWayAndAnInvalidEditIsRejectedWhileServingGoesOn() throws Exception {
        var first = edit(config("""
                providers:
                  b: {type: ollama, endpoint: %s}
                  c: {type: ollama, endpoint: %s}
                aliases:
                  m: [b:beta]
                """.formatted(b.baseUri(), c.baseUri())));
        assertTrue(first.applied(), first.problems().toString());
        assertEquals(java.util.Map.of("from b", 4), split("m", 4), "m is b alone");

        var split = edit(config("""
                providers:
                  b: {type: ollama, endpoint: %s}
                  c: {type: ollama, endpoint: %s}
                aliases:
                  m: {strategy: round-robin, targets: [b:beta, c:gamma]}
                """.formatted(b.baseUri(), c.baseUri())));
        assertTrue(split.applied(), split.problems().toString());
        assertEquals(java.util.Map.of("from b", 2, "from c", 2), split("m", 4), "round-robin over both, in turn");

        var invalid = edit(config("""
                providers:
                  b: {type: ollama, endpoint: %s, colour: red}
                  b2: {type: nonsense, endpoint: %s}
                aliases:
                  m: [nowhere:beta]
                """.formatted(b.baseUri(), c.baseUri())));
        assertFalse(invalid.applied(), "an invalid edit is never applied");
        var problems = String.join("\n", invalid.problems());
        assertEquals(3, invalid.problems().size(), "every problem at once: " + problems);
        assertTrue(problems.contains("providers.b.colour"), problems);
        assertTrue(problems.contains("unknown provider type \"nonsense\""), problems);
        assertTrue(problems.contains("no provider \"nowhere\""), problems);
        assertEquals(java.util.Map.of("from b", 1, "from c", 1), split("m", 2), "the configuration in force stays");
        assertTrue(providers().containsAll(Set.of("b", "c")) && !providers().contains("b2"), providers().toString());
    }

    private JsonNode provider(String id) throws Exception {
        JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/helix/providers"))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode p : body.path("providers")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + id + ": " + body);
    }

    @Test
    void aChangedProviderServesNewRequestsWithItsNewSettings() throws Exception {
        var first = edit(config("""
                providers:
                  b: {type: ollama, endpoint: %s, priority: 10}
                """.formatted(b.baseUri())));
        assertTrue(first.applied(), first.problems().toString());
        assertEquals("from b", answer("beta"));
        assertEquals(10, provider("b").path("priority").asInt());

        var changed = edit(config("""
                providers:
                  b:
                    type: ollama
                    endpoint: %s
                    priority: 20
                    weight: 3
                    parameters: {headers: {X-Team: research}}
                """.formatted(c.baseUri())));
        assertTrue(changed.applied(), changed.problems().toString());
        assertEquals("from c", answer("gamma"), "the new endpoint serves what it lists");
        assertEquals(404, chat("beta").statusCode(), "what only the old endpoint listed is gone");
        assertEquals(20, provider("b").path("priority").asInt());
        assertEquals(3, provider("b").path("weight").asInt());
        assertEquals(java.util.Optional.of("research"), c.requests("POST /api/chat").getLast().header("x-team"),
                "the new headers go with new requests");
    }
}
