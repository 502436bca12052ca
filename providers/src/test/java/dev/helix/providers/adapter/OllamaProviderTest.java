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
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Role;
import dev.helix.provider.Timings;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.provider.Usage;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.RecordedRequest;
import dev.helix.providers.fake.Script;
import dev.helix.providers.upstream.ServerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Ollama adapter against the fake Ollama, on Ollama's native API: what it sends, what it makes of the answers. */
@Timeout(60)
class OllamaProviderTest {
    private static final Tool WEATHER = new Tool("get_weather", "the weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

    static OllamaProvider adapter(FakeUpstream fake, boolean streaming) {
        return new OllamaProvider(UpstreamEndpoint.of("test-ollama", fake.profile(), fake.baseUri())
                .withStreaming(streaming));
    }

    @Test
    void probesTheRootThenTheTagsThenWhatIsLoaded() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            assertEquals(Health.Status.UNKNOWN, adapter.health().status());
            assertEquals(Health.Status.UP, adapter.probe().status(), adapter.health().detail());
            ModelInfo model = adapter.models().getFirst();
            assertEquals("fake-model:latest", model.name());
            assertEquals("llama", model.family());
            assertEquals("Q4_K_M", model.quantization());
            assertEquals("loaded", model.metadata().get("state"), "from /api/ps");
            assertEquals(4096, model.contextLength(), "the context a loaded model runs with");
            assertEquals(List.of("GET /", "GET /api/tags", "GET /api/ps"),
                    fake.requests().stream().map(RecordedRequest::line).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void chatsWithCountsAndNanosecondTimingsFromTheLastObject(boolean streaming) {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("Hi", " there", "!").start();
             var adapter = adapter(fake, streaming)) {
            Completion c = adapter.chat(Sent.chat()).collect();
            assertEquals("Hi there!", c.text());
            assertEquals(FinishReason.STOP, c.reason());
            assertEquals(new Usage(1, 3), c.usage(), "prompt_eval_count and eval_count");
            assertEquals(new Timings(1_000_000L, 20_000_000L, 60_000_000L), c.timings(), "as Ollama reports them");
            JsonNode sent = Sent.body(fake, "/api/chat");
            assertEquals(streaming, sent.path("stream").asBoolean());
            assertEquals("fake-model", sent.path("model").asText());
            assertEquals("user", sent.at("/messages/0/role").asText());
            assertFalse(sent.has("keep_alive"), "left to Ollama's default");
            assertFalse(sent.has("options"), "nothing set, nothing sent");
        }
    }

    @Test
    void aStreamedChatArrivesPieceByPiece() {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("a", "b").start(); var adapter = adapter(fake, true);
             ChunkStream stream = adapter.chat(Sent.chat())) {
            assertEquals(new Chunk.Token("a"), stream.next());
            assertEquals(new Chunk.Token("b"), stream.next());
            assertInstanceOf(Chunk.Done.class, stream.next());
            assertFalse(stream.hasNext());
        }
    }

    @Test
    void optionsGoUnderOllamasNames() {
        var options = new GenerationOptions(64, 0.5, 40, 0.9, 0.05, 1.1, 128, 0.25, 0.5, 42L, List.of("\n\n"), null, 0.95,
                Map.of());
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            adapter.chat(Sent.chat(options)).collect();
            JsonNode sent = Sent.body(fake, "/api/chat").path("options");
            assertEquals(64, sent.path("num_predict").asInt());
            assertTrue(sent.path("num_predict").isIntegralNumber(), "an integer stays one");
            assertEquals(0.5, sent.path("temperature").asDouble());
            assertEquals(40, sent.path("top_k").asInt());
            assertEquals(0.9, sent.path("top_p").asDouble());
            assertEquals(0.05, sent.path("min_p").asDouble());
            assertEquals(0.95, sent.path("typical_p").asDouble());
            assertEquals(1.1, sent.path("repeat_penalty").asDouble());
            assertEquals(128, sent.path("repeat_last_n").asInt());
            assertEquals(0.25, sent.path("presence_penalty").asDouble());
            assertEquals(0.5, sent.path("frequency_penalty").asDouble());
            assertEquals(42, sent.path("seed").asLong());
            assertEquals("\n\n", sent.at("/stop/0").asText());
        }
    }

    @Test
    void aTokenLimitIsNumPredictAndEndsWithLength() {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("a", "b", "c").start();
             var adapter = adapter(fake, true)) {
            Completion c = adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withMaxTokens(2))).collect();
            assertEquals("ab", c.text());
            assertEquals(FinishReason.LENGTH, c.reason());
        }
    }

    @Test
    void anOutputConstraintIsFormatJsonOrTheSchemaObject() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, false)) {
            adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withConstraint(new OutputConstraint.AnyJson()))).collect();
            adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withConstraint(new OutputConstraint.JsonSchema(
                    "{\"type\":\"object\",\"required\":[\"a\"]}")))).collect();
            var sent = fake.requests("POST /api/chat");
            assertEquals("json", sent.get(0).json().path("format").asText());
            assertEquals("a", sent.get(1).json().at("/format/required/0").asText(), "the schema as an object");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void thinkAsksForTheReasoningApart(boolean streaming) {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).script(Script.defaultFor(ServerKind.OLLAMA)
                .withThinking("Let me", " think.").withTokens("4")).start(); var adapter = adapter(fake, streaming)) {
            Completion c = adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withThink(true))).collect();
            assertEquals("Let me think.", c.reasoning());
            assertEquals("4", c.text());
            assertTrue(Sent.body(fake, "/api/chat").path("think").asBoolean());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void thinkForAModelThatDoesNotThinkChangesNothing(boolean streaming) {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("4").start(); var adapter = adapter(fake, streaming)) {
            Completion c = adapter.chat(Sent.chat(GenerationOptions.DEFAULTS.withThink(true))).collect();
            assertEquals("4", c.text());
            assertEquals("", c.reasoning());
            var sent = fake.requests("POST /api/chat");
            assertEquals(List.of(true, false), sent.stream().map(r -> r.json().has("think")).toList(),
                    "Ollama refused think for this model; asked again without it");
            adapter.complete(new CompletionRequest("fake-model", "2+2=", GenerationOptions.DEFAULTS.withThink(true)))
                    .collect();
            assertEquals(2, fake.requests("POST /api/generate").size());
        }
    }

    @Test
    void withoutThinkNothingIsSaidAboutThinking() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            adapter.chat(Sent.chat()).collect();
            assertFalse(Sent.body(fake, "/api/chat").has("think"), "think:false would stop a model thinking at all");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void toolCallsGoOutWithObjectArgumentsAndComeBackAsCallsWithIds(boolean streaming) {
        Script script = Script.defaultFor(ServerKind.OLLAMA).withTokens().withToolCalls(
                new Script.ToolCall("get_weather", "{\"city\": \"Paris\", \"days\": [1, 2]}"),
                new Script.ToolCall("get_weather", "{\"city\":\"Oslo\"}"));
        var history = List.of(new ChatMessage(Role.USER, "Weather in Rome?"),
                new ChatMessage(Role.ASSISTANT, "", List.of(new ChatMessage.ToolCall("call_1", "get_weather",
                        "{\"city\":\"Rome\"}")), null, null),
                new ChatMessage(Role.TOOL, "sunny", List.of(), "call_1", null),
                new ChatMessage(Role.USER, "And Paris and Oslo?"));
        var request = new ChatRequest("fake-model", history, GenerationOptions.DEFAULTS, List.of(WEATHER),
                ToolChoice.AUTO, false);
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).script(script).start();
             var adapter = adapter(fake, streaming)) {
            Completion c = adapter.chat(request).collect();
            assertEquals(FinishReason.TOOL_CALLS, c.reason(), "Ollama says stop; Helix says what happened");
            assertEquals(2, c.toolCalls().size());
            Chunk.ToolCall first = c.toolCalls().getFirst();
            assertEquals(0, first.index());
            assertEquals("get_weather", first.name());
            assertEquals("{\"city\":\"Paris\",\"days\":[1,2]}", first.arguments(), "compact JSON text");
            assertTrue(first.id().startsWith("call_"), first.id());
            assertEquals(1, c.toolCalls().get(1).index());
            assertFalse(first.id().equals(c.toolCalls().get(1).id()), "ids are unique");

            JsonNode sent = Sent.body(fake, "/api/chat");
            assertEquals("get_weather", sent.at("/tools/0/function/name").asText());
            assertEquals("string", sent.at("/tools/0/function/parameters/properties/city/type").asText());
            JsonNode call = sent.at("/messages/1/tool_calls/0/function");
            assertTrue(call.path("arguments").isObject(), "arguments are an object on Ollama's side: " + call);
            assertEquals("Rome", call.at("/arguments/city").asText());
            assertEquals("get_weather", sent.at("/messages/2/tool_name").asText(), "found from the call's id");
            assertFalse(sent.has("tool_choice"), "Ollama has none");
        }
    }

    @Test
    void toolChoiceNoneLeavesTheToolsOut() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            adapter.chat(new ChatRequest("fake-model", List.of(new ChatMessage(Role.USER, "Hi")),
                    GenerationOptions.DEFAULTS, List.of(WEATHER), ToolChoice.NONE, false)).collect();
            assertFalse(Sent.body(fake, "/api/chat").has("tools"));
        }
    }

    @Test
    void aForcedToolChoiceOrALogitBiasIsRefusedNamingTheBackendAndNothingIsSent() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            for (ToolChoice forced : List.of(ToolChoice.REQUIRED, new ToolChoice.Named("get_weather"))) {
                var error = assertThrows(InvalidRequestException.class, () -> adapter.chat(new ChatRequest(
                        "fake-model", List.of(new ChatMessage(Role.USER, "Hi")), GenerationOptions.DEFAULTS,
                        List.of(WEATHER), forced, false)));
                assertEquals("tool_choice", error.param());
                assertTrue(error.getMessage().startsWith("test-ollama (Ollama) does not support tool_choice"),
                        error.getMessage());
            }
            var bias = assertThrows(InvalidRequestException.class, () -> adapter.complete(new CompletionRequest(
                    "fake-model", "Hi", GenerationOptions.DEFAULTS.withLogitBias(Map.of(1, -100.0)))));
            assertEquals("logit_bias", bias.param());
            assertEquals(List.of(), fake.requests().stream().filter(r -> r.method().equals("POST")).toList());
        }
    }

    @Test
    void historyWithArgumentsThatAreNoObjectIsRefused() {
        var history = List.of(new ChatMessage(Role.ASSISTANT, "", List.of(new ChatMessage.ToolCall("c", "f", "[1]")),
                null, null));
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            var error = assertThrows(InvalidRequestException.class, () -> adapter.chat(new ChatRequest("fake-model",
                    history, GenerationOptions.DEFAULTS)));
            assertEquals("messages", error.param());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCompletionIsARawGenerate(boolean streaming) {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("once", " upon").start();
             var adapter = adapter(fake, streaming)) {
            Completion c = adapter.complete(new CompletionRequest("fake-model", "Tell me a story:",
                    GenerationOptions.DEFAULTS.withSeed(7L))).collect();
            assertEquals("once upon", c.text());
            JsonNode sent = Sent.body(fake, "/api/generate");
            assertEquals("Tell me a story:", sent.path("prompt").asText());
            assertTrue(sent.path("raw").asBoolean(), "no template: the prompt is continued as it is");
            assertEquals(7, sent.at("/options/seed").asInt());
        }
    }

    @Test
    void aCompletionWithASuffixLetsTheTemplateDoTheFillInTheMiddle() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            adapter.complete(new CompletionRequest("fake-model", "def f(", "):\n", GenerationOptions.DEFAULTS)).collect();
            JsonNode sent = Sent.body(fake, "/api/generate");
            assertEquals("):\n", sent.path("suffix").asText());
            assertFalse(sent.has("raw"));
        }
    }

    @Test
    void embedsEachInputWithItsCountAndTimings() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            var embeddings = adapter.embed(new EmbeddingRequest("fake-model", List.of("a b", "cde")));
            assertEquals(2, embeddings.vectors().size());
            assertEquals(3.0f, embeddings.vectors().get(1)[0]);
            assertEquals(3, embeddings.promptTokens());
            assertEquals(new Timings(1_000_000L, 2_000_000L, 0), embeddings.timings());
            JsonNode sent = Sent.body(fake, "/api/embed");
            assertEquals("a b", sent.at("/input/0").asText());
            assertFalse(sent.path("truncate").asBoolean(true), "Helix refuses long inputs unless told to cut them");
        }
    }

    @Test
    void aMissingModelAndAFullQueueAreToldApart() {
        try (var fake = FakeUpstream.start(ServerKind.OLLAMA); var adapter = adapter(fake, true)) {
            fake.inject(new Fault.ServerError(404, "model \"nope\" not found, try pulling it first"));
            assertInstanceOf(ModelNotFoundException.class, assertThrows(ProviderException.class,
                    () -> adapter.chat(Sent.chat()).collect()));
            fake.inject(new Fault.ServerError(503, "server busy, please try again.  maximum pending requests exceeded"));
            assertInstanceOf(ProviderBusyException.class, assertThrows(ProviderException.class,
                    () -> adapter.chat(Sent.chat()).collect()));
        }
    }

    @Test
    void anErrorLineMidStreamFailsTheStreamWithOllamasWords() {
        try (var fake = FakeUpstream.builder(ServerKind.OLLAMA).reply("a", "b", "c").start();
             var adapter = adapter(fake, true)) {
            fake.inject(new Fault.ErrorMidStream(1, "an error was encountered while running the model"));
            try (ChunkStream stream = adapter.chat(Sent.chat())) {
                assertEquals(new Chunk.Token("a"), stream.next());
                var error = assertThrows(ProviderFailedException.class, stream::next);
                assertTrue(error.retriable());
                assertTrue(error.getMessage().endsWith("failed mid-stream: an error was encountered while running the"
                        + " model"), error.getMessage());
            }
        }
    }
}
