package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ToolChoiceFunction;
import dev.helix.runtime.testing.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI Java SDK's Responses API, unchanged, against a real Helix server. */
@Timeout(120)
@Tag(TestEngine.TAG)
class OpenAiResponsesSdkTest {
    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(TestServer.shared().url() + "/v1").apiKey("not-needed")
                .maxRetries(0).build();
    }

    private static ResponseCreateParams.Builder greedy(String input) {
        return ResponseCreateParams.builder().model("tiny").instructions("You are terse.").input(input)
                .temperature(0.0).maxOutputTokens(12);
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(t -> t.text()).reduce("", String::concat);
    }

    @Test
    void create() {
        Response response = client.responses().create(greedy("Say hello").build());
        assertTrue(response.id().startsWith("resp_"), response.id());
        assertEquals("tiny", response.model().asString());
        assertFalse(text(response).isEmpty(), response.toString());
        var status = response.status().orElseThrow();
        assertTrue(List.of(ResponseStatus.COMPLETED, ResponseStatus.INCOMPLETE).contains(status), status.toString());
        if (status.equals(ResponseStatus.INCOMPLETE)) {
            assertEquals("max_output_tokens", response.incompleteDetails().orElseThrow().reason().orElseThrow()
                    .asString());
        }
        var usage = response.usage().orElseThrow();
        assertTrue(usage.inputTokens() > 0);
        assertTrue(usage.outputTokens() > 0 && usage.outputTokens() <= 12, usage.toString());
        assertEquals(usage.inputTokens() + usage.outputTokens(), usage.totalTokens());
        assertEquals(12, response.maxOutputTokens().orElseThrow());
    }

    @Test
    void streamingGivesTheSameTextAsNonStreamingAndEndsWithTheUsage() {
        String whole = text(client.responses().create(greedy("Tell a story").build()));
        var accumulator = ResponseAccumulator.createWithSnapshots();
        var deltas = new StringBuilder();
        List<String> types = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                greedy("Tell a story").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                if (event.created().isPresent()) {
                    types.add("response.created");
                } else if (event.completed().isPresent()) {
                    types.add("response.completed");
                } else if (event.incomplete().isPresent()) {
                    types.add("response.incomplete");
                } else {
                    types.add("other");
                }
            });
        }
        assertEquals(whole, deltas.toString());
        assertEquals("response.created", types.get(0));
        String last = types.get(types.size() - 1);
        assertTrue(List.of("response.completed", "response.incomplete").contains(last), types.toString());
        Response response = accumulator.response();
        assertEquals(whole, text(response));
        assertEquals(whole, text(accumulator.reconstructedResponse()));
        assertTrue(response.usage().orElseThrow().outputTokens() > 0);
    }

    private static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather").description("Weather")
            .strict(false).parameters(FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                            Map.of("type", "string", "enum", List.of("Paris", "Oslo")))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build()).build();

    @Test
    void aForcedFunctionCallIsAValidCallAndItsOutputGoesBackAsInput() throws Exception {
        Response response = client.responses().create(greedy("Weather in Paris?").maxOutputTokens(200)
                .addTool(WEATHER).toolChoice(ToolChoiceFunction.builder().name("get_weather").build()).build());
        List<ResponseFunctionToolCall> calls = response.output().stream()
                .flatMap(item -> item.functionCall().stream()).toList();
        assertFalse(calls.isEmpty(), response.toString());
        ResponseFunctionToolCall call = calls.get(0);
        assertEquals("get_weather", call.name());
        assertTrue(call.callId().startsWith("call_"), call.callId());
        String city = new ObjectMapper().readTree(call.arguments()).get("city").asText();
        assertTrue(List.of("Paris", "Oslo").contains(city), call.arguments());
        assertEquals(ResponseStatus.COMPLETED, response.status().orElseThrow());

        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("Weather in Paris?").build()));
        input.add(ResponseInputItem.ofFunctionCall(call));
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output("18 C and sunny").build()));
        Response answer = client.responses().create(ResponseCreateParams.builder().model("tiny")
                .inputOfResponse(input).addTool(WEATHER).temperature(0.0).maxOutputTokens(8).build());
        assertTrue(answer.usage().orElseThrow().inputTokens() > response.usage().orElseThrow().inputTokens(),
                "the call and its output are part of the prompt");
    }

    /** Numbers and booleans only: a random-weight model would fill a string until max tokens (see OpenAiSdkTest). */
    record Forecast(long temperature, boolean sunny, List<Long> hours) {}

    @Test
    void jsonSchemaOutputParsesIntoTheClientsOwnClass() {
        var params = ResponseCreateParams.builder().model("tiny").input("Forecast for Paris?").temperature(0.0)
                .maxOutputTokens(300).text(Forecast.class).build();
        List<Forecast> forecasts = client.responses().create(params).output().stream()
                .flatMap(item -> item.message().stream()).flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream()).toList();
        assertEquals(1, forecasts.size());
        assertTrue(forecasts.get(0).hours() != null, forecasts.toString());
    }

    @Test
    void aThinkingModelsReasoningIsAReasoningItemBeforeTheMessage() {
        Response response = client.responses().create(ResponseCreateParams.builder().model("thinker").input("Hi")
                .maxOutputTokens(20).build());
        List<ResponseOutputItem> output = response.output();
        assertEquals(2, output.size(), output.toString());
        var reasoning = output.get(0).reasoning().orElseThrow();
        assertEquals(TestServer.THOUGHT, reasoning.content().orElseThrow().get(0).text());
        assertEquals(TestServer.ANSWER, text(response));

        var accumulator = ResponseAccumulator.create();
        var thought = new StringBuilder();
        try (var stream = client.responses().createStreaming(ResponseCreateParams.builder().model("thinker")
                .input("Hi").maxOutputTokens(20).build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.reasoningTextDelta().ifPresent(d -> thought.append(d.delta()));
            });
        }
        assertEquals(TestServer.THOUGHT, thought.toString());
        assertEquals(TestServer.ANSWER, text(accumulator.response()));
    }

    @Test
    void statefulRequestsAreTheSdksBadRequestException() {
        var previous = assertThrows(BadRequestException.class, () -> client.responses().create(
                greedy("hi").previousResponseId("resp_123").build()));
        assertEquals(400, previous.statusCode());
        assertTrue(previous.getMessage().contains("previous_response_id"), previous.getMessage());
        var conversation = assertThrows(BadRequestException.class, () -> client.responses().create(
                greedy("hi").conversation("conv_1").build()));
        assertTrue(conversation.getMessage().contains("conversation"), conversation.getMessage());
        assertFalse(text(client.responses().create(greedy("hi").store(false).build())).isEmpty());
    }

    @Test
    void unknownModelIsTheSdksNotFoundException() {
        var error = assertThrows(NotFoundException.class, () -> client.responses().create(
                ResponseCreateParams.builder().model("no-such-model").input("hi").build()));
        assertEquals(404, error.statusCode());
        assertTrue(Objects.requireNonNull(error.getMessage()).contains("no-such-model"), error.getMessage());
    }
}
