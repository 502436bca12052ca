package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Completion;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.ReasoningField;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The OpenAI-compatible adapter against a fake of every server that speaks OpenAI's API, on its exact wire format. */
@Timeout(60)
class OpenAiCompatibleProviderTest {

    static Stream<ServerKind> openAiKinds() {
        return Stream.of(ServerKind.values()).filter(k -> ServerProfiles.of(k).speaks(Dialect.OPENAI));
    }

    static OpenAiCompatibleProvider adapter(FakeUpstream fake) {
        var endpoint = UpstreamEndpoint.of("test-" + fake.kind().name().toLowerCase(), fake.profile(), fake.baseUri());
        return new OpenAiCompatibleProvider(fake.apiKey().map(endpoint::withApiKey).orElse(endpoint));
    }

    static ChatRequest chat(String model) {
        return new ChatRequest(model, List.of(new ChatMessage(Role.USER, "Hi")), GenerationOptions.DEFAULTS);
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void probesListsAndChatsWholeAndStreamed(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).reply("Hi", " there", "!").start(); var adapter = adapter(fake)) {
            assertEquals(Health.Status.UNKNOWN, adapter.health().status(), "nothing known before the first probe");
            assertEquals(Health.Status.UP, adapter.probe().status(), kind + ": " + adapter.health().detail());
            var names = adapter.models().stream().map(m -> m.name()).toList();
            assertTrue(names.contains("fake-model") || names.contains("fake-model:latest"), kind + ": " + names);

            Completion streamed = adapter.chat(chat("fake-model")).collect();
            assertEquals("Hi there!", streamed.text(), kind.toString());
            assertEquals(FinishReason.STOP, streamed.reason());

            try (var whole = new OpenAiCompatibleProvider(adapter.endpoint().withStreaming(false))) {
                Completion c = whole.chat(chat("fake-model")).collect();
                assertEquals("Hi there!", c.text(), kind.toString());
            }
            var sent = fake.requests("POST " + fake.profile().basePath() + "/chat/completions");
            assertEquals(2, sent.size());
            assertEquals("fake-model", sent.getFirst().json().path("model").asText());
            assertEquals(fake.profile().streams(), sent.getFirst().json().path("stream").asBoolean(),
                    "streams only where the server can");
        }
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void reasoningArrivesApartWhereTheServerSendsItApart(ServerKind kind) {
        var profile = ServerProfiles.of(kind);
        try (var fake = FakeUpstream.builder(kind).script(dev.helix.providers.fake.Script.defaultFor(kind)
                .withThinking("Let me", " think.").withTokens("4")).start(); var adapter = adapter(fake)) {
            Completion c = adapter.chat(chat("fake-model")).collect();
            if (profile.reasoning() == ReasoningField.NONE) {
                assertTrue(c.text().endsWith("4"), c.text());
            } else {
                assertEquals("Let me think.", c.reasoning(), kind.toString());
                assertEquals("4", c.text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void toolCallsArePutTogetherWholeWhereTheServerTakesTools(ServerKind kind) {
        if (ServerProfiles.of(kind).refuses(Dialect.OPENAI).contains("tools")) {
            return; // refused before sending: aFieldTheServerCannotHonourIsRefusedNamingTheBackend
        }
        var script = dev.helix.providers.fake.Script.defaultFor(kind).withTokens().withToolCalls(
                new dev.helix.providers.fake.Script.ToolCall("get_weather", "{\"city\":\"Paris\"}"),
                new dev.helix.providers.fake.Script.ToolCall("get_time", "{}"));
        var request = new ChatRequest("fake-model", List.of(new ChatMessage(Role.USER, "Hi")), GenerationOptions.DEFAULTS,
                List.of(new Tool("get_weather", "", null), new Tool("get_time", "", null)), ToolChoice.AUTO, false);
        try (var fake = FakeUpstream.builder(kind).script(script).start(); var adapter = adapter(fake)) {
            for (var a : List.of(adapter, new OpenAiCompatibleProvider(adapter.endpoint().withStreaming(false)))) {
                try (a) {
                    Completion c = a.chat(request).collect();
                    assertEquals(FinishReason.TOOL_CALLS, c.reason(), kind.toString());
                    assertEquals(List.of("get_weather", "get_time"), c.toolCalls().stream().map(Chunk.ToolCall::name)
                            .toList());
                    assertEquals("{\"city\":\"Paris\"}", c.toolCalls().getFirst().arguments());
                    assertEquals("call_fake1", c.toolCalls().get(1).id(), "the server's ids are kept");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void aServerErrorIsARetriableFailureNamingTheBackend(ServerKind kind) {
        try (var fake = FakeUpstream.start(kind); var adapter = adapter(fake)) {
            fake.inject(Fault.ServerError.internal());
            var error = assertThrows(ProviderFailedException.class, () -> adapter.chat(chat("fake-model")).collect());
            assertTrue(error.retriable());
            assertTrue(error.getMessage().startsWith(adapter.id()), error.getMessage());
            assertTrue(error.getMessage().contains("the fake upstream failed on purpose"), error.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void aStreamThatDiesMidwayFailsAfterItsFirstTokens(ServerKind kind) {
        try (var fake = FakeUpstream.builder(kind).reply("a", "b", "c", "d").start(); var adapter = adapter(fake)) {
            fake.inject(new Fault.DieMidStream(2));
            try (ChunkStream stream = adapter.chat(chat("fake-model"))) {
                if (!fake.profile().streams()) {
                    return; // asked whole: a cut body is malformed JSON, covered below
                }
                assertEquals(new Chunk.Token("a"), stream.next());
                assertEquals(new Chunk.Token("b"), stream.next());
                assertThrows(ProviderFailedException.class, () -> {
                    while (stream.hasNext()) {
                        stream.next();
                    }
                });
            } catch (ProviderFailedException e) {
                assertTrue(!fake.profile().streams(), kind + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("openAiKinds")
    void malformedJsonIsAFailureNotACrash(ServerKind kind) {
        try (var fake = FakeUpstream.start(kind); var adapter = adapter(fake)) {
            fake.inject(new Fault.MalformedJson());
            var error = assertThrows(ProviderException.class, () -> adapter.chat(chat("fake-model")).collect());
            assertInstanceOf(ProviderFailedException.class, error, error.getMessage());
        }
    }

    @Test
    void aServerThatRequiresAKeyIsDownWithoutItAndUpWithIt() {
        try (var fake = FakeUpstream.start(ServerKind.JAN)) {
            try (var keyless = new OpenAiCompatibleProvider(UpstreamEndpoint.of("jan", fake.profile(), fake.baseUri()))) {
                assertEquals(Health.Status.DOWN, keyless.probe().status());
            }
            try (var keyed = adapter(fake)) {
                assertEquals(Health.Status.UP, keyed.probe().status(), keyed.health().detail());
                assertEquals("Hello from Jan", keyed.chat(chat("fake-model")).collect().text());
                assertEquals("Bearer " + FakeUpstream.DEFAULT_KEY,
                        fake.requests().getLast().header("Authorization").orElseThrow());
            }
        }
    }

    @Test
    void aFieldTheServerCannotHonourIsRefusedNamingTheBackend() {
        try (var fake = FakeUpstream.start(ServerKind.GPT4ALL); var adapter = adapter(fake)) {
            var tools = new ChatRequest("fake-model", List.of(new ChatMessage(Role.USER, "Hi")),
                    GenerationOptions.DEFAULTS, List.of(new Tool("f", "", null)), ToolChoice.REQUIRED, false);
            var error = assertThrows(InvalidRequestException.class, () -> adapter.chat(tools));
            assertTrue(error.getMessage().contains(adapter.id()) && error.getMessage().contains("tools"),
                    error.getMessage());
            assertEquals(List.of(), fake.requests("POST /v1/chat/completions"), "nothing was sent");
        }
    }

    @Test
    void logprobsAreRefusedRatherThanAnsweredWithout() {
        try (var fake = FakeUpstream.start(ServerKind.VLLM); var adapter = adapter(fake);
             var ollamaFake = FakeUpstream.start(ServerKind.OLLAMA);
             var ollama = OllamaProviderTest.adapter(ollamaFake, true)) {
            var request = new ChatRequest("fake-model", List.of(new ChatMessage(Role.USER, "Hi")),
                    GenerationOptions.DEFAULTS.withLogprobs(2));
            for (var provider : List.<dev.helix.provider.Provider>of(adapter, ollama)) {
                var error = assertThrows(InvalidRequestException.class, () -> provider.chat(request));
                assertEquals("logprobs", error.param());
                assertTrue(error.getMessage().contains("engine: ffm"), error.getMessage());
            }
            assertEquals(List.of(), fake.requests("POST /v1/chat/completions"), "nothing was sent");
            var completion = new dev.helix.provider.CompletionRequest("fake-model", "Hi", null,
                    GenerationOptions.DEFAULTS.withLogprobs(0));
            assertThrows(InvalidRequestException.class, () -> adapter.complete(completion));
        }
    }
}
