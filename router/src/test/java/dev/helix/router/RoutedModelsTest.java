package dev.helix.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Role;
import dev.helix.providers.adapter.OpenAiCompatibleProvider;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.config.AliasConfig;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.RoutingConfig;
import dev.helix.router.upstream.BackendStatus;
import dev.helix.router.upstream.RoutedLease;
import dev.helix.router.upstream.UpstreamEndpoints;
import dev.helix.router.upstream.Upstreams;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Names served by external servers (fakes on their exact wire formats) next to Helix's own models. */
@Timeout(120)
class RoutedModelsTest {
    @TempDir
    Path dir;

    private final FakeProviders factory = new FakeProviders();
    private ModelRouter router;

    @AfterEach
    void close() {
        if (router != null) {
            router.close();
        }
    }

    private ModelRouter router(List<ProviderConfig> providers, List<AliasConfig> aliases, String... localIds) {
        var entries = new java.util.ArrayList<ModelEntry>();
        for (String id : localIds) {
            entries.add(ModelEntry.ofFile(TestModels.copyOf(TestModels.tiny(), dir, id + ".gguf"), null));
        }
        router = new ModelRouter(ModelCatalog.of(entries), factory, RouterSettings.DEFAULTS);
        var upstreams = new Upstreams(providers, aliases, RoutingConfig.DEFAULTS.withDiscovery(false),
                config -> new OpenAiCompatibleProvider(UpstreamEndpoints.of(config)), router, InstantSource.system(),
                System::nanoTime, change -> { });
        router.attach(upstreams);
        return router;
    }

    private static ProviderConfig provider(String name, FakeUpstream fake) {
        String type = fake.kind().name().toLowerCase().replace('_', '-');
        return ProviderConfig.of(name, type, fake.baseUri());
    }

    private static String chat(ModelRouter router, String model) {
        try (Lease lease = router.acquire(model, null)) {
            return lease.provider().chat(new ChatRequest(lease.name(), List.of(new ChatMessage(Role.USER, "Hi")),
                    GenerationOptions.DEFAULTS)).collect().text();
        }
    }

    @Test
    void aModelOnlyAnExternalServerHasIsListedOnceAndServedThroughItsAdapter() throws Exception {
        try (var vllm = FakeUpstream.builder(ServerKind.VLLM).script(dev.helix.providers.fake.Script
                .defaultFor(ServerKind.VLLM).withModel("meta-llama/Llama-3-8B")).start()) {
            var r = router(List.of(provider("gpu-box", vllm)), List.of(), "tiny");
            r.upstreams().orElseThrow().checkNow();
            assertEquals(List.of("tiny", "meta-llama/Llama-3-8B"), r.models().stream().map(ModelInfo::name).toList());
            try (Lease lease = r.acquire("meta-llama/Llama-3-8B", null)) {
                assertInstanceOf(RoutedLease.class, lease);
            }
            assertEquals("Hello from vLLM", chat(r, "meta-llama/Llama-3-8B"));
            assertEquals("ok", chat(r, "tiny"), "Helix's own model keeps its own path");
            assertEquals(1, factory.opensStarted(), "only the local model was loaded locally");
            List<BackendStatus> status = r.upstreams().orElseThrow().status();
            assertEquals(List.of("local", "gpu-box"), status.stream().map(BackendStatus::id).toList());
            assertEquals("UP", status.get(1).health());
            assertEquals("CLOSED", status.get(1).breaker());
            assertEquals(List.of("meta-llama/Llama-3-8B"), status.get(1).models());
            assertTrue(status.get(1).latencyMillis() > 0, "the request's time to first token was measured");
        }
    }

    @Test
    void aNameHelixAlsoHasGoesToHelixsOwnModelFirstAndFailsOverToTheServer() throws Exception {
        try (var vllm = FakeUpstream.builder(ServerKind.VLLM).script(dev.helix.providers.fake.Script
                .defaultFor(ServerKind.VLLM).withModel("tiny")).start()) {
            var r = router(List.of(provider("gpu-box", vllm)), List.of(), "tiny");
            r.upstreams().orElseThrow().checkNow();
            assertEquals(List.of("tiny"), r.models().stream().map(ModelInfo::name).toList(), "listed once");
            assertEquals("ok", chat(r, "tiny"));
            factory.failNextOpen("tiny", new dev.helix.provider.ModelLoadException("no memory", null));
            r.unload("tiny");
            assertEquals("Hello from vLLM", chat(r, "tiny"), "the local load failed: the server took it");
        }
    }

    @Test
    void anAliasBalancesTwoServersRoundRobin() throws Exception {
        try (var a = FakeUpstream.start(ServerKind.VLLM); var b = FakeUpstream.start(ServerKind.LLAMA_SERVER)) {
            var alias = new AliasConfig("chat", "round-robin", List.of(new AliasConfig.Target("a", "fake-model", 0),
                    new AliasConfig.Target("b", "fake-model", 1)));
            var r = router(List.of(provider("a", a), provider("b", b)), List.of(alias));
            r.upstreams().orElseThrow().checkNow();
            Map<String, Integer> split = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                split.merge(chat(r, "chat"), 1, Integer::sum);
            }
            assertEquals(Map.of("Hello from vLLM", 100, "Hello from llama.cpp llama-server", 100), split);
        }
    }

    @Test
    void anAliasFailsOverInItsOrderWhenTheFirstServerIsGone() throws Exception {
        var gone = FakeUpstream.start(ServerKind.VLLM);
        try (var b = FakeUpstream.start(ServerKind.LLAMA_SERVER)) {
            var alias = new AliasConfig("chat", null, List.of(new AliasConfig.Target("a", "fake-model", 0),
                    new AliasConfig.Target("b", "fake-model", 1)));
            var r = router(List.of(provider("a", gone), provider("b", b)), List.of(alias));
            r.upstreams().orElseThrow().checkNow();
            assertEquals("Hello from vLLM", chat(r, "chat"), "in order: a first");
            gone.close();
            assertEquals("Hello from llama.cpp llama-server", chat(r, "chat"), "a refuses connections: b, before any byte");
        }
    }

    @Test
    void discoveredServersJoinTheRoutingConfiguredOnesWinAndGoneOnesLeave() throws Exception {
        var studio = FakeUpstream.start(ServerKind.LM_STUDIO);
        try (var vllm = FakeUpstream.start(ServerKind.VLLM)) {
            var r = router(List.of(provider("gpu-box", vllm)), List.of());
            var upstreams = r.upstreams().orElseThrow();
            var settings = new dev.helix.providers.discovery.DiscoverySettings(List.of("127.0.0.1"), false,
                    List.of(vllm.port(), studio.port()), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30),
                    4, java.time.Duration.ZERO, dev.helix.providers.discovery.ApiKeys.NONE);
            try (var discovery = dev.helix.providers.discovery.Discovery.create(settings, java.time.Clock.systemUTC(),
                    (interval, task) -> () -> { })) {
                upstreams.checkNow();
                upstreams.accept(discovery.scan());
                String studioId = "lm-studio@127.0.0.1:" + studio.port();
                assertEquals(List.of("local", "gpu-box", studioId),
                        upstreams.status().stream().map(BackendStatus::id).toList(),
                        "the vLLM at gpu-box's address is configured: discovery leaves it to gpu-box");
                assertEquals("discovered", upstreams.status().get(2).source());
                assertEquals("UP", upstreams.status().get(2).health(), "a new server is probed at once");
                var split = new HashMap<String, Integer>();
                for (int i = 0; i < 4; i++) {
                    split.merge(chat(r, "fake-model"), 1, Integer::sum);
                }
                assertEquals(Map.of("Hello from vLLM", 4), split, "priority: the configured one (100) ties, first");

                studio.close();
                upstreams.accept(discovery.scan());
                assertEquals(List.of("local", "gpu-box"), upstreams.status().stream().map(BackendStatus::id).toList());
            }
        } finally {
            studio.close();
        }
    }
}
