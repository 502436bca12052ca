package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.catalog.ModelDescription;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiModelCatalog;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LangChain4j's OpenAI module, an independent OpenAI client from Maven Central, unchanged, against Helix. */
@Timeout(120)
@Tag(TestEngine.TAG)
class LangChain4jOpenAiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String base;

    @BeforeAll
    static void connect() {
        base = TestServer.shared().url() + "/v1";
    }

    private static ChatModel chat(String model, int maxTokens) {
        return OpenAiChatModel.builder().baseUrl(base).apiKey("unused").modelName(model).temperature(0.0)
                .maxCompletionTokens(maxTokens).maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    private static OpenAiStreamingChatModel streaming(String model, int maxTokens) {
        return OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("unused").modelName(model).temperature(0.0)
                .maxCompletionTokens(maxTokens).timeout(Duration.ofSeconds(60)).build();
    }

    static final ToolSpecification WEATHER = ToolSpecification.builder().name("get_weather")
            .description("The weather in a city").parameters(JsonObjectSchema.builder()
                    .addProperty("city", JsonEnumSchema.builder().enumValues("Paris", "Oslo").build())
                    .required("city").build()).build();

    static final ToolSpecification TIME = ToolSpecification.builder().name("get_time").description("The time")
            .parameters(JsonObjectSchema.builder().addProperty("zone", JsonEnumSchema.builder()
                    .enumValues("UTC", "CET").build()).required("zone").build()).build();

    @Test
    void chatWithUsageAndFinishReason() {
        ChatResponse response = chat("tiny", 12).chat(UserMessage.from("Say hello"));
        assertFalse(response.aiMessage().text().isEmpty());
        assertTrue(response.tokenUsage().outputTokenCount() > 0 && response.tokenUsage().outputTokenCount() <= 12);
        assertTrue(List.of(FinishReason.STOP, FinishReason.LENGTH).contains(response.finishReason()));
    }

    @Test
    void streamingGivesTheSameTextAsNonStreaming() throws Exception {
        String whole = chat("tiny", 16).chat(UserMessage.from("Tell a story")).aiMessage().text();
        var streamed = new StringBuilder();
        ChatResponse response = LangChain4jChecks.stream(streaming("tiny", 16),
                ChatRequest.builder().messages(UserMessage.from("Tell a story")).build(), streamed, 0);
        assertEquals(whole, streamed.toString());
        assertEquals(whole, response.aiMessage().text());
    }

    @Test
    void aRequiredToolCallIsForcedEvenOnARandomModel() throws Exception {
        ChatResponse response = chat("tiny", 200).chat(ChatRequest.builder()
                .messages(UserMessage.from("What is the weather in Paris?"))
                .toolSpecifications(WEATHER).toolChoice(ToolChoice.REQUIRED).build());
        assertEquals(FinishReason.TOOL_EXECUTION, response.finishReason());
        ToolExecutionRequest call = response.aiMessage().toolExecutionRequests().get(0);
        assertEquals("get_weather", call.name());
        assertTrue(call.id().startsWith("call_"), call.id());
        JsonNode arguments = JSON.readTree(call.arguments());
        assertTrue(List.of("Paris", "Oslo").contains(arguments.get("city").asText()), call.arguments());
    }

    @Test
    void callsAModelWritesAreParsedStreamedOrNot() throws Exception {
        var request = ChatRequest.builder().messages(UserMessage.from("Weather and time?"))
                .toolSpecifications(WEATHER, TIME).build();
        ChatResponse whole = chat("scripted", 100).chat(request);
        assertCalls(whole.aiMessage().toolExecutionRequests());
        assertEquals(FinishReason.TOOL_EXECUTION, whole.finishReason());

        var done = new CompletableFuture<ChatResponse>();
        streaming("scripted", 100).chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        assertCalls(done.get(60, TimeUnit.SECONDS).aiMessage().toolExecutionRequests());
    }

    private static void assertCalls(List<ToolExecutionRequest> calls) throws Exception {
        LangChain4jChecks.assertScriptedCalls(calls);
        assertFalse(calls.get(0).id().equals(calls.get(1).id()));
    }

    @Test
    void jsonSchemaOutputParsesIntoTheSchema() throws Exception {
        ChatResponse response = chat("tiny", 300).chat(ChatRequest.builder().messages(UserMessage.from("Give n"))
                .responseFormat(LangChain4jChecks.integerN()).build());
        LangChain4jChecks.assertIntegerN(response);
    }

    @Test
    void embeddings() {
        EmbeddingModel model = OpenAiEmbeddingModel.builder().baseUrl(base).apiKey("unused").modelName("tiny")
                .maxRetries(0).build();
        var vectors = model.embedAll(List.of(TextSegment.from("hello there my good friend"),
                TextSegment.from("what a wonderful world it is"))).content();
        assertEquals(2, vectors.size());
        assertTrue(vectors.get(0).dimension() > 0);
    }

    @Test
    void modelListing() {
        List<String> names = OpenAiModelCatalog.builder().baseUrl(base).apiKey("unused").build().listModels().stream()
                .map(ModelDescription::name).toList();
        assertTrue(names.containsAll(List.of("tiny", "plain", "scripted")), names.toString());
    }

    @Test
    void errorsAreTheClientsOwnExceptions() {
        assertThrows(ModelNotFoundException.class, () -> chat("no-such-model", 4).chat(UserMessage.from("hi")));
        var bad = assertThrows(InvalidRequestException.class, () -> OpenAiChatModel.builder().baseUrl(base)
                .apiKey("unused").modelName("tiny").temperature(500.0).maxRetries(0).build()
                .chat(UserMessage.from("hi")));
        assertTrue(bad.getMessage().contains("temperature"), bad.getMessage());
    }

    @Test
    void cancellingMidStreamFreesTheModelForTheNextRequest() throws Exception {
        LangChain4jChecks.stream(streaming("tiny", 400),
                ChatRequest.builder().messages(UserMessage.from("Tell a long story")).build(), new StringBuilder(), 3);
        TestServer.awaitIdle("tiny");
        assertFalse(chat("tiny", 4).chat(UserMessage.from("hi")).aiMessage().text().isEmpty());
    }
}
