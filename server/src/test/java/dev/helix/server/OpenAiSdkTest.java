package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.helix.runtime.testing.TestEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official OpenAI Java SDK, unchanged, against a real Helix server. */
@Timeout(120)
@Tag(TestEngine.TAG)
class OpenAiSdkTest {
    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(TestServer.shared().url() + "/v1").apiKey("not-needed")
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder greedy(String prompt) {
        return ChatCompletionCreateParams.builder().model("tiny").addSystemMessage("You are terse.")
                .addUserMessage(prompt).temperature(0.0).maxCompletionTokens(12);
    }

    @Test
    void chatCompletion() {
        ChatCompletion completion = client.chat().completions().create(greedy("Say hello").build());
        assertEquals(1, completion.choices().size());
        var choice = completion.choices().get(0);
        String text = choice.message().content().orElseThrow();
        assertFalse(text.isEmpty());
        assertTrue(List.of("stop", "length").contains(choice.finishReason().asString()));
        var usage = completion.usage().orElseThrow();
        assertTrue(usage.promptTokens() > 0);
        assertTrue(usage.completionTokens() > 0 && usage.completionTokens() <= 12);
        assertEquals(usage.promptTokens() + usage.completionTokens(), usage.totalTokens());
        assertEquals("tiny", completion.model());
        assertTrue(completion.id().startsWith("chatcmpl-"));
    }

    @Test
    void streamingChatGivesTheSameTextAsNonStreaming() {
        String whole = client.chat().completions().create(greedy("Tell a story").build())
                .choices().get(0).message().content().orElseThrow();
        var streamed = new StringBuilder();
        AtomicReference<String> finish = new AtomicReference<>();
        AtomicReference<Long> completionTokens = new AtomicReference<>();
        var params = greedy("Tell a story")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> {
                    c.delta().content().ifPresent(streamed::append);
                    c.finishReason().ifPresent(f -> finish.set(f.asString()));
                });
                chunk.usage().ifPresent(u -> completionTokens.set(u.completionTokens()));
            });
        }
        assertEquals(whole, streamed.toString());
        assertTrue(List.of("stop", "length").contains(finish.get()), "finish reason " + finish.get());
        assertTrue(completionTokens.get() != null && completionTokens.get() > 0, "usage chunk");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny")
                .inputOfArrayOfStrings(List.of("hello world and all of you", "goodbye to you my friend")).build());
        assertEquals(2, response.data().size());
        List<Float> first = response.data().get(0).embedding();
        assertTrue(first.size() > 0);
        assertEquals(first.size(), response.data().get(1).embedding().size());
        assertTrue(response.usage().promptTokens() > 0);
        double norm = Math.sqrt(first.stream().mapToDouble(x -> x * x).sum());
        assertEquals(1.0, norm, 1e-3);
    }

    @Test
    void embeddingsAsBase64DecodeToTheSameVectors() {
        var floats = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny")
                .input("hello there my good friend")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build()).data().get(0).embedding();
        var decoded = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny")
                .input("hello there my good friend")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build()).data().get(0).embedding();
        assertEquals(floats, decoded);
    }

    @Test
    void modelListing() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        assertTrue(ids.containsAll(List.of("tiny", "plain")), ids.toString());
        assertEquals("tiny", client.models().retrieve("tiny").id());
    }

    @Test
    void unknownModelIsTheSdksNotFoundException() {
        var error = assertThrows(NotFoundException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build()));
        assertEquals(404, error.statusCode());
        assertTrue(error.getMessage().contains("no-such-model"), error.getMessage());
    }

    private static final ChatCompletionTool WEATHER = ChatCompletionTool.ofFunction(
            com.openai.models.chat.completions.ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                    .name("get_weather").description("Weather").parameters(FunctionParameters.builder()
                            .putAdditionalProperty("type", JsonValue.from("object"))
                            .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                    Map.of("type", "string", "enum", List.of("Paris", "Oslo")))))
                            .putAdditionalProperty("required", JsonValue.from(List.of("city"))).build())
                    .build()).build());

    @Test
    void aNamedToolChoiceForcesAValidCall() throws Exception {
        ChatCompletion completion = client.chat().completions().create(greedy("Weather in Paris?")
                .maxCompletionTokens(200).addTool(WEATHER)
                .toolChoice(ChatCompletionToolChoiceOption.ofNamedToolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())).build());
        var choice = completion.choices().get(0);
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        var call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("get_weather", call.function().name());
        String city = new ObjectMapper().readTree(call.function().arguments()).get("city").asText();
        assertTrue(List.of("Paris", "Oslo").contains(city), call.function().arguments());
    }

    @Test
    void streamedToolCallsAccumulateIntoWholeCalls() {
        var accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("scripted").addUserMessage("Weather?").addTool(WEATHER)
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        var message = accumulator.chatCompletion().choices().get(0).message();
        var calls = message.toolCalls().orElseThrow();
        assertEquals(1, calls.size(), "get_time was not offered: its call stays text");
        assertEquals("get_weather", calls.get(0).asFunction().function().name());
        assertEquals("{\"city\":\"Paris\"}", calls.get(0).asFunction().function().arguments());
        assertTrue(message.content().orElseThrow().contains("get_time"), message.toString());
    }

    @Test
    void logprobsAreAClear400OnTheBindingAndAnsweredOnFfm() {
        if (TestEngine.ffm()) { // LogprobsApiTest checks the values
            var answer = client.chat().completions().create(greedy("hi").logprobs(true).build());
            assertFalse(answer.choices().get(0).logprobs().orElseThrow().content().orElseThrow().isEmpty(),
                    answer.toString());
            return;
        }
        var error = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                greedy("hi").logprobs(true).build()));
        assertTrue(error.getMessage().contains("engine: ffm"), error.getMessage());
    }

    /**
     * What structured output should fill in; the SDK derives the JSON schema from this record and parses into it.
     * No free-text fields: a random-weight model would fill a string until max tokens, only numbers and booleans
     * end by themselves (and integers as long: the schema bounds them to 16 digits, not to an int).
     */
    record Forecast(long temperature, boolean sunny, List<Long> hours) {}

    @Test
    void structuredOutputParsesIntoTheClientsOwnClass() {
        var params = ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Forecast for Paris?")
                .temperature(0.0).maxCompletionTokens(300).responseFormat(Forecast.class).build();
        Forecast forecast = client.chat().completions().create(params).choices().get(0).message().content()
                .orElseThrow();
        assertTrue(forecast.hours() != null, forecast.toString());
    }

    @Test
    void closingAStreamMidwayFreesTheModel() throws Exception {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                greedy("Tell a long story").maxCompletionTokens(1500).build())) {
            assertEquals(3, stream.stream().limit(3).count());
        }
        TestServer.awaitIdle("tiny");
        assertFalse(client.chat().completions().create(greedy("hi").build()).choices().get(0).message().content()
                .orElseThrow().isEmpty());
    }

    @Test
    void badRequestIsTheSdksBadRequestException() {
        var error = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                greedy("hi").temperature(500.0).build()));
        assertEquals(400, error.statusCode());
        assertTrue(error.getMessage().contains("temperature"), error.getMessage());
    }
}
