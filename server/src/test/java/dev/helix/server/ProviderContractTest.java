package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.providers.discovery.ApiKeys;
import dev.helix.providers.discovery.Discovery;
import dev.helix.providers.discovery.DiscoverySettings;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.ProviderTypes;
import dev.helix.router.config.RoutingConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.router.upstream.Upstreams;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every server Helix fronts, as a fake that speaks its exact wire format on an ephemeral port, once configured in
 * models.yaml's shape and once found by discovery: its model is listed, and chat, whole and streamed, reaches an
 * OpenAI client and an Ollama client of Helix unchanged in meaning (the same text, a finish, Ollama's final
 * {@code done:true}).
 */
@Timeout(120)
class ProviderContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void aConfiguredServerIsServedThroughBothApis(ServerKind kind) throws Exception {
        try (var fake = FakeUpstream.builder(kind).reply("Hi", " from", " upstream").start()) {
            var config = new ProviderConfig("up", ProviderTypes.canonical(kind), fake.baseUri(),
                    fake.apiKey().orElse(null), List.of(), 1, 100, 0, Duration.ofSeconds(30), 0, null, Map.of(), null,
                    null);
            serve(upstreams -> { }, List.of(config), server -> check(server, kind, "Hi from upstream"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerKind.class, names = {"JAN", "TABBYAPI", "OPENAI_COMPATIBLE"},
            mode = EnumSource.Mode.EXCLUDE)
    void aDiscoveredServerIsFingerprintedAndServed(ServerKind kind) throws Exception {
        // Jan and TabbyAPI require a key: discovery reports them and leaves them to models.yaml. The generic
        // OpenAI-compatible profile has no fingerprint: it is only ever configured (type: openai).
        try (var fake = FakeUpstream.builder(kind).reply("Found", " me").start()) {
            var settings = new DiscoverySettings(List.of("127.0.0.1"), false, List.of(fake.port()),
                    Duration.ofSeconds(5), Duration.ofSeconds(30), 4, Duration.ZERO, ApiKeys.NONE);
            serve(upstreams -> {
                try (var discovery = Discovery.create(settings, Clock.systemUTC(), (interval, task) -> () -> { })) {
                    upstreams.accept(discovery.scan());
                }
            }, List.of(), server -> {
                JsonNode backend = providers(server).get(1);
                assertEquals(ProviderTypes.canonical(kind) + "@127.0.0.1:" + fake.port(), backend.path("id").asText(),
                        kind + " fingerprinted as " + backend);
                assertEquals("discovered", backend.path("source").asText());
                check(server, kind, "Found me");
            });
        }
    }

    private interface Check {
        void run(String url) throws Exception;
    }

    private interface Setup {
        void run(Upstreams upstreams) throws Exception;
    }

    private void serve(Setup setup, List<ProviderConfig> providers, Check check) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        var router = new ModelRouter(new ModelCatalog(models, List.of(), ModelLoadOptions.DEFAULTS),
                LlamaCppProviders.runners(RunnerSettings.defaults()), RouterSettings.DEFAULTS);
        var upstreams = new Upstreams(providers, List.of(), RoutingConfig.DEFAULTS.withDiscovery(false),
                UpstreamAdapters::open, router, InstantSource.system(), System::nanoTime, change -> { });
        router.attach(upstreams);
        upstreams.checkNow();
        setup.run(upstreams);
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        try (router; server) {
            check.run("http://127.0.0.1:" + server.port());
        }
    }

    private static List<JsonNode> providers(String url) throws Exception {
        return StreamSupport.stream(JSON.readTree(Http.get(url + "/helix/providers").body()).path("providers")
                .spliterator(), false).toList();
    }

    private static void check(String url, ServerKind kind, String text) throws Exception {
        JsonNode backend = providers(url).get(1);
        assertEquals("UP", backend.path("health").asText(), kind + ": " + backend);
        String model = StreamSupport.stream(JSON.readTree(Http.get(url + "/v1/models").body()).path("data")
                .spliterator(), false).map(m -> m.path("id").asText()).filter(id -> id.startsWith("fake-model"))
                .findFirst().orElseThrow(() -> new AssertionError(kind + ": fake-model not listed"));
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

        var whole = Http.post(url + "/v1/chat/completions", "{\"model\":\"" + model + "\"," + messages + "}");
        assertEquals(200, whole.statusCode(), kind + ": " + whole.body());
        JsonNode choice = JSON.readTree(whole.body()).at("/choices/0");
        assertEquals(text, choice.at("/message/content").asText(), kind.toString());
        assertEquals("stop", choice.path("finish_reason").asText(), kind.toString());

        var sse = Http.post(url + "/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":true," + messages
                + "}");
        var streamed = new StringBuilder();
        for (String line : sse.body().lines().filter(l -> l.startsWith("data: {")).toList()) {
            JsonNode content = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
            if (content.isTextual()) {
                streamed.append(content.asText());
            }
        }
        assertEquals(text, streamed.toString(), kind + ": " + sse.body());
        assertTrue(sse.body().strip().endsWith("data: [DONE]"), kind.toString());

        var ollama = Http.post(url + "/api/chat", "{\"model\":\"" + model + "\",\"stream\":false," + messages + "}");
        assertEquals(200, ollama.statusCode(), kind + ": " + ollama.body());
        assertEquals(text, JSON.readTree(ollama.body()).at("/message/content").asText(), kind.toString());

        var ndjson = Http.post(url + "/api/chat", "{\"model\":\"" + model + "\"," + messages + "}");
        var lines = ndjson.body().lines().toList();
        var pieces = new StringBuilder();
        for (String line : lines) {
            pieces.append(JSON.readTree(line).at("/message/content").asText(""));
        }
        assertEquals(text, pieces.toString(), kind + ": " + ndjson.body());
        assertTrue(JSON.readTree(lines.getLast()).path("done").asBoolean(), kind + ": the last line is done:true");
    }
}
