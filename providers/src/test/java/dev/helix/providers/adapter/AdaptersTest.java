package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Completion;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Health;
import dev.helix.providers.discovery.DiscoveredServer;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.upstream.ServerKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every kind of server through the one factory: the adapter of its preferred dialect probes, lists and chats. */
@Timeout(60)
class AdaptersTest {
    private static final ChatRequest CHAT = Sent.chat();

    private static UpstreamEndpoint endpoint(FakeUpstream fake) {
        var endpoint = UpstreamEndpoint.of("test-" + fake.kind().name().toLowerCase(), fake.profile(), fake.baseUri());
        return fake.apiKey().map(endpoint::withApiKey).orElse(endpoint);
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void everyKindProbesUpListsItsModelAndChatsStreamedAndWhole(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).reply("Hi", " there", "!").start();
             var adapter = Adapters.open(endpoint(fake))) {
            assertEquals(switch (fake.profile().preferredDialect()) {
                case OLLAMA -> OllamaProvider.class;
                case KOBOLD_NATIVE -> KoboldProvider.class;
                case OPENAI -> OpenAiCompatibleProvider.class;
            }, adapter.getClass());
            assertEquals(Health.Status.UP, adapter.probe().status(), kind + ": " + adapter.health().detail());
            var names = adapter.models().stream().map(m -> m.name()).toList();
            assertTrue(names.contains("fake-model") || names.contains("fake-model:latest"), kind + ": " + names);

            Completion streamed = adapter.chat(CHAT).collect();
            assertEquals("Hi there!", streamed.text(), kind + " streamed");
            assertEquals(FinishReason.STOP, streamed.reason());
            try (var whole = Adapters.open(adapter.endpoint().withStreaming(false))) {
                assertEquals("Hi there!", whole.chat(CHAT).collect().text(), kind + " whole");
            }
        }
    }

    @Test
    void aDiscoveredServerBecomesAnEndpointWithItsKindsProfileAndAnIdThatSaysWhereItIs() {
        try (var fake = FakeUpstream.builder(ServerKind.LM_STUDIO).reply("Hi").start()) {
            var found = new DiscoveredServer(ServerKind.LM_STUDIO, fake.baseUri(), List.of(), false, "test",
                    Instant.EPOCH);
            UpstreamEndpoint endpoint = Adapters.endpoint(found);
            assertEquals("lm-studio@http://127.0.0.1:" + fake.port(), endpoint.id());
            assertEquals(found.profile(), endpoint.profile());
            assertEquals("/api/v0/models", endpoint.modelsPath(), "the kind's own listing");
            try (var adapter = Adapters.open(endpoint)) {
                assertInstanceOf(OpenAiCompatibleProvider.class, adapter);
                assertEquals(Health.Status.UP, adapter.probe().status(), adapter.health().detail());
                assertEquals("loaded", adapter.models().getFirst().metadata().get("state"));
                assertEquals("Hi", adapter.chat(CHAT).collect().text());
            }
        }
    }
}
