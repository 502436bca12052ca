package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.provider.Usage;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.RecordedRequest;
import dev.helix.providers.upstream.ServerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kobold adapter against the fake KoboldCpp (and KoboldAI United, and TabbyAPI's Kobold API) on the native API. */
@Timeout(60)
class KoboldProviderTest {
    private static final String STREAM = "/api/extra/generate/stream";
    private static final String WHOLE = "/api/v1/generate";

    static KoboldProvider adapter(FakeUpstream fake, boolean streaming) {
        var endpoint = UpstreamEndpoint.of("test-kobold", fake.profile(), fake.baseUri()).withStreaming(streaming);
        return new KoboldProvider(fake.apiKey().map(endpoint::withApiKey).orElse(endpoint));
    }

    @Test
    void probesTheModelAndLearnsTheContextAndThatItStreams() {
        try (var fake = FakeUpstream.start(ServerKind.KOBOLDCPP); var adapter = adapter(fake, true)) {
            assertEquals(Health.Status.UP, adapter.probe().status(), adapter.health().detail());
            assertEquals(List.of("fake-model"), adapter.models().stream().map(m -> m.name()).toList(),
                    "koboldcpp/fake-model, without its owner");
            assertEquals(4096, adapter.models().getFirst().contextLength());
            assertTrue(fake.requests().stream().map(RecordedRequest::line).toList().containsAll(List.of(
                    "GET /api/v1/model", "GET /api/extra/version", "GET /api/v1/config/max_context_length")));
            adapter.chat(Sent.chat()).collect();
            assertEquals(4096, Sent.body(fake, STREAM).path("max_context_length").asInt(), "the context the probe learnt");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void chatsStreamedFromTheStreamEndpointOrWholeFromGenerate(boolean streaming) {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply("Hi", " there", "!").start();
             var adapter = adapter(fake, streaming)) {
            Completion c = adapter.chat(Sent.chat()).collect();
            assertEquals("Hi there!", c.text());
            assertEquals(FinishReason.STOP, c.reason());
            assertEquals(streaming ? new Usage(0, 3) : new Usage(0, 0), c.usage(),
                    "Kobold counts nothing: a token an event when streamed, none when whole");
            assertEquals(1, fake.requests("POST " + (streaming ? STREAM : WHOLE)).size());
            assertEquals(0, fake.requests("POST " + (streaming ? WHOLE : STREAM)).size());
        }
    }

    @Test
    void aStreamedChatArrivesPieceByPiece() {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply(" a", "b").start();
             var adapter = adapter(fake, true); ChunkStream stream = adapter.chat(Sent.chat())) {
            assertEquals(new Chunk.Token("a"), stream.next(), "the space after Assistant: goes");
            assertEquals(new Chunk.Token("b"), stream.next());
            assertInstanceOf(Chunk.Done.class, stream.next());
            assertFalse(stream.hasNext());
        }
    }

    @Test
    void aChatIsRenderedWithThePlainTemplateAndStopsAtTheNextUserTurn() {
        var messages = List.of(new ChatMessage(Role.SYSTEM, "You are terse."), new ChatMessage(Role.USER, "Hi"),
                new ChatMessage(Role.ASSISTANT, "Hello."), new ChatMessage(Role.USER, "How are you?"));
        var options = new GenerationOptions(64, 0.7, 40, 0.9, 0.05, 1.1, 128, 0.25, null, 42L, List.of("###"), null,
                0.95, Map.of());
        try (var fake = FakeUpstream.start(ServerKind.KOBOLDCPP); var adapter = adapter(fake, true)) {
            adapter.chat(new ChatRequest("fake-model", messages, options)).collect();
            JsonNode sent = Sent.body(fake, STREAM);
            assertEquals("You are terse.\n\nUser: Hi\nAssistant: Hello.\nUser: How are you?\nAssistant:",
                    sent.path("prompt").asText());
            assertEquals(List.of("###", "\nUser:"), List.of(sent.at("/stop_sequence/0").asText(),
                    sent.at("/stop_sequence/1").asText()));
            assertTrue(sent.path("trim_stop").asBoolean());
            assertEquals(64, sent.path("max_length").asInt());
            assertEquals(0.7, sent.path("temperature").asDouble());
            assertEquals(40, sent.path("top_k").asInt());
            assertEquals(0.9, sent.path("top_p").asDouble());
            assertEquals(0.05, sent.path("min_p").asDouble());
            assertEquals(0.95, sent.path("typical").asDouble());
            assertEquals(1.1, sent.path("rep_pen").asDouble());
            assertEquals(128, sent.path("rep_pen_range").asInt());
            assertEquals(0.25, sent.path("presence_penalty").asDouble());
            assertEquals(42, sent.path("sampler_seed").asLong());
            assertFalse(sent.has("model"), "one model is loaded; the API has no model field");
            assertFalse(sent.has("max_context_length"), "not known before a probe");
        }
    }

    @Test
    void aTokenLimitIsMaxLengthAndEndsWithLength() {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply("a", "b", "c").start();
             var adapter = adapter(fake, true)) {
            Completion c = adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withMaxTokens(2))).collect();
            assertEquals("ab", c.text());
            assertEquals(FinishReason.LENGTH, c.reason());
        }
    }

    @Test
    void aWholeAnswerIsCutAtItsStopStringWhereTheServerDidNotTrimIt() {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply(" Fine.", "\nUser:", " And you?").start();
             var adapter = adapter(fake, false)) {
            Completion c = adapter.chat(Sent.chat()).collect();
            assertEquals("Fine.", c.text());
            assertEquals(FinishReason.STOP, c.reason());
        }
    }

    @Test
    void aCompletionIsThePromptAsItIs() {
        try (var fake = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply(" upon", " a time").start();
             var adapter = adapter(fake, true)) {
            Completion c = adapter.complete(new CompletionRequest("fake-model", "Once",
                    GenerationOptions.DEFAULTS)).collect();
            assertEquals(" upon a time", c.text(), "a completion keeps its leading space");
            JsonNode sent = Sent.body(fake, STREAM);
            assertEquals("Once", sent.path("prompt").asText());
            assertFalse(sent.has("stop_sequence"));
        }
    }

    @Test
    void whatTheNativeApiCannotCarryIsRefusedNamingTheBackendAndNothingIsSent() {
        var tool = new Tool("f", "", null);
        var hi = List.of(new ChatMessage(Role.USER, "Hi"));
        try (var fake = FakeUpstream.start(ServerKind.KOBOLDCPP); var adapter = adapter(fake, true)) {
            Map<String, Runnable> requests = Map.of(
                    "tools", () -> adapter.chat(new ChatRequest("fake-model", hi, GenerationOptions.DEFAULTS,
                            List.of(tool), ToolChoice.AUTO, false)),
                    "response_format", () -> adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withConstraint(
                            new OutputConstraint.AnyJson()))),
                    "logit_bias", () -> adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withLogitBias(Map.of(5, 1.0)))),
                    "frequency_penalty", () -> adapter.chat(Sent.chat(new GenerationOptions(null, null, null, null, null,
                            null, null, null, 0.5, null, List.of(), null))),
                    "suffix", () -> adapter.complete(new CompletionRequest("fake-model", "a", "b",
                            GenerationOptions.DEFAULTS)),
                    "embeddings", () -> adapter.embed(new EmbeddingRequest("fake-model", List.of("a"))));
            requests.forEach((field, request) -> {
                var error = assertThrows(InvalidRequestException.class, request::run, field);
                assertEquals(field, error.param());
                assertEquals("test-kobold (KoboldCpp / KoboldAI) does not support " + field + " through the KoboldAI"
                        + " API; send the request without it or to another backend", error.getMessage());
            });
            assertEquals(List.of(), fake.requests().stream().filter(r -> r.method().equals("POST")).toList());
        }
    }

    @Test
    void aForcedToolChoiceIsRefusedAsTheToolsItForces() {
        try (var fake = FakeUpstream.start(ServerKind.KOBOLDCPP); var adapter = adapter(fake, true)) {
            var error = assertThrows(InvalidRequestException.class, () -> adapter.chat(new ChatRequest("fake-model",
                    List.of(new ChatMessage(Role.USER, "Hi")), GenerationOptions.DEFAULTS,
                    List.of(new Tool("f", "", null)), ToolChoice.REQUIRED, false)));
            assertTrue(error.getMessage().startsWith("test-kobold (KoboldCpp / KoboldAI) does not support tools"),
                    error.getMessage());
        }
    }

    @Test
    void koboldAiUnitedHasNoStreamSoItIsAskedWhole() {
        try (var united = FakeUpstream.builder(ServerKind.KOBOLDCPP).reply("Hi", "!").without("/api/extra/version",
                STREAM, "/api/extra/true_max_context_length", "/v1/models", "/v1/chat/completions", "/v1/completions")
                .start(); var adapter = adapter(united, true)) {
            assertEquals(Health.Status.UP, adapter.probe().status(), adapter.health().detail());
            assertEquals("Hi!", adapter.chat(Sent.chat()).collect().text());
            assertEquals(1, united.requests("POST " + WHOLE).size());
            assertEquals(0, united.requests("POST " + STREAM).size());
        }
    }

    @Test
    void tabbyApisKoboldApiTakesItsKey() {
        try (var tabby = FakeUpstream.builder(ServerKind.TABBYAPI).reply("Hi", "!").start();
             var adapter = adapter(tabby, true)) {
            assertEquals(Health.Status.UP, adapter.probe().status(), adapter.health().detail());
            assertEquals("Hi!", adapter.chat(Sent.chat()).collect().text());
            assertEquals(FakeUpstream.DEFAULT_KEY, tabby.requests("POST " + STREAM).getFirst().header("X-API-Key")
                    .orElseThrow());
        }
    }

    @Test
    void aBusyServerIsBusy() {
        try (var fake = FakeUpstream.start(ServerKind.KOBOLDCPP); var adapter = adapter(fake, true)) {
            fake.inject(new Fault.ServerError(503, "Server is busy; please try again later."));
            var error = assertInstanceOf(ProviderBusyException.class, assertThrows(ProviderException.class,
                    () -> adapter.chat(Sent.chat()).collect()));
            assertTrue(error.getMessage().endsWith("Server is busy; please try again later."), error.getMessage());
        }
    }
}
