package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Helix servers: A runs the model itself; B has no model and names A in its models.yaml in the seeds' provider
 * shape. The official OpenAI SDK, pointed at B, gets A's real tokens (greedy: the same text A gives directly),
 * whole and streamed, and B's /helix/providers shows A healthy. This is how Helix grows past one machine.
 */
@Timeout(180)
@Tag(TestEngine.TAG)
class TwoHopTest {
    @TempDir
    static Path dir;

    private static ModelRouter routerB;
    private static HelixServer serverB;

    @BeforeAll
    static void startB() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("models"));
        Path yaml = Files.writeString(dir.resolve("models.yaml"), """
                models_dir: %s
                providers:
                  helix-a:
                    type: helix
                    endpoint: %s
                    parameters:
                      timeout: 60s
                      max_retries: 0
                discovery: {enabled: false}
                """.formatted(empty, TestServer.shared().url()));
        HelixConfig config = HelixConfig.load(yaml);
        routerB = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, routerB);
        routerB.attach(upstreams);
        upstreams.checkNow();
        serverB = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), routerB, "test-b");
    }

    @AfterAll
    static void stopB() {
        serverB.close();
        routerB.close();
    }

    private static OpenAIClient client(String url) {
        return OpenAIOkHttpClient.builder().baseUrl(url + "/v1").apiKey("unused").maxRetries(0).build();
    }

    private static ChatCompletionCreateParams greedy() {
        return ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Tell me a story")
                .temperature(0.0).seed(7).maxCompletionTokens(16).build();
    }

    @Test
    void anOfficialClientOfBGetsAsRealTokensWholeAndStreamed() {
        String direct = client(TestServer.shared().url()).chat().completions().create(greedy())
                .choices().get(0).message().content().orElseThrow();
        assertFalse(direct.isEmpty());
        OpenAIClient viaB = client("http://127.0.0.1:" + serverB.port());
        var whole = viaB.chat().completions().create(greedy());
        assertEquals(direct, whole.choices().get(0).message().content().orElseThrow());
        assertTrue(whole.usage().orElseThrow().completionTokens() > 0, "usage came through");
        var streamed = new StringBuilder();
        try (var stream = viaB.chat().completions().createStreaming(greedy())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
        }
        assertEquals(direct, streamed.toString());
    }

    @Test
    void bListsAsModelsAndShowsAHealthy() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + serverB.port();
        JsonNode models = new ObjectMapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/v1/models")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body());
        assertTrue(StreamSupport.stream(models.path("data").spliterator(), false)
                .anyMatch(m -> m.path("id").asText().equals("tiny")), models.toString());
        JsonNode providers = new ObjectMapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/helix/providers")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        JsonNode a = StreamSupport.stream(providers.path("providers").spliterator(), false)
                .filter(p -> p.path("id").asText().equals("helix-a")).findFirst().orElseThrow();
        assertEquals("UP", a.path("health").asText(), a.toString());
        assertEquals("helix", a.path("kind").asText());
        assertEquals("CLOSED", a.path("breaker").asText());
        assertEquals(TestServer.shared().url(), a.path("endpoint").asText());
    }

    @Test
    void aHelixThatRoutesToItselfAnswersWithAnErrorInsteadOfLooping() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("loop-models"));
        var router = new ModelRouter(new dev.helix.router.ModelCatalog(empty, java.util.List.of(),
                dev.helix.runtime.ModelLoadOptions.DEFAULTS), LlamaCppProviders.runners(RunnerSettings.defaults()),
                dev.helix.router.RouterSettings.DEFAULTS);
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test-loop");
        try (router; server) {
            String self = "http://127.0.0.1:" + server.port();
            var upstreams = new dev.helix.router.upstream.Upstreams(
                    java.util.List.of(dev.helix.router.config.ProviderConfig.of("me", "helix", java.net.URI.create(self))),
                    java.util.List.of(new dev.helix.router.config.AliasConfig("echo", null,
                            java.util.List.of(new dev.helix.router.config.AliasConfig.Target("me", "echo", 0)))),
                    dev.helix.router.config.RoutingConfig.DEFAULTS.withDiscovery(false), UpstreamAdapters::open,
                    router, java.time.InstantSource.system(), System::nanoTime, change -> { });
            router.attach(upstreams);
            upstreams.checkNow();
            var answer = Http.post(self + "/v1/chat/completions",
                    "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            // One hop: the forwarded request is served by this Helix's own models only, which have no "echo".
            assertTrue(answer.statusCode() >= 500, answer.statusCode() + " " + answer.body());
            assertTrue(answer.body().contains("no backend could serve model echo"), answer.body());
            assertTrue(answer.body().contains("model \\\"echo\\\" not found") || answer.body().contains("no such model"),
                    answer.body());
        }
    }
}
