package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LangChain4j's Ollama module, a second Ollama client from Maven Central, unchanged, against Helix. */
@Timeout(120)
@Tag(TestEngine.TAG)
class LangChain4jOllamaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String base;

    @BeforeAll
    static void connect() {
        base = TestServer.shared().url();
    }

    private static ChatModel chat(String model, int maxTokens) {
        return OllamaChatModel.builder().baseUrl(base).modelName(model).temperature(0.0).numPredict(maxTokens)
                .maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    private static StreamingChatModel streaming(String model, int maxTokens) {
        return OllamaStreamingChatModel.builder().baseUrl(base).modelName(model).temperature(0.0)
                .numPredict(maxTokens).timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void chatWithUsage() {
        ChatResponse response = chat("tiny", 10).chat(UserMessage.from("Say hello"));
        assertFalse(response.aiMessage().text().isEmpty());
        assertTrue(response.tokenUsage().inputTokenCount() > 0);
        assertTrue(response.tokenUsage().outputTokenCount() > 0 && response.tokenUsage().outputTokenCount() <= 10);
    }

    @Test
    void streamingGivesTheSameTextAsNonStreaming() throws Exception {
        String whole = chat("tiny", 16).chat(UserMessage.from("Tell a story")).aiMessage().text();
        var streamed = new StringBuilder();
        ChatResponse last = LangChain4jChecks.stream(streaming("tiny", 16), ChatRequest.builder()
                .messages(UserMessage.from("Tell a story")).build(), streamed, 0);
        assertEquals(whole, streamed.toString());
        assertEquals(whole, last.aiMessage().text());
    }

    @Test
    void toolCallsArriveWithArgumentsAsObjectsStreamedOrNot() throws Exception {
        var request = ChatRequest.builder().messages(UserMessage.from("Weather and time?"))
                .toolSpecifications(LangChain4jOpenAiTest.WEATHER, LangChain4jOpenAiTest.TIME).build();
        LangChain4jChecks.assertScriptedCalls(chat("scripted", 100).chat(request).aiMessage().toolExecutionRequests());
        LangChain4jChecks.assertScriptedCalls(LangChain4jChecks.stream(streaming("scripted", 100), request, new StringBuilder(), 0).aiMessage()
                .toolExecutionRequests());
    }

    @Test
    void jsonSchemaFormatParsesIntoTheSchema() throws Exception {
        ChatResponse response = chat("tiny", 300).chat(ChatRequest.builder().messages(UserMessage.from("Give n"))
                .responseFormat(LangChain4jChecks.integerN()).build());
        LangChain4jChecks.assertIntegerN(response);
    }

    @Test
    void embeddings() {
        var model = OllamaEmbeddingModel.builder().baseUrl(base).modelName("tiny").maxRetries(0).build();
        var vectors = model.embedAll(List.of(TextSegment.from("hello there my good friend"),
                TextSegment.from("what a wonderful world it is"))).content();
        assertEquals(2, vectors.size());
        assertEquals(vectors.get(0).dimension(), vectors.get(1).dimension());
    }

    @Test
    void modelListingAndCard() {
        var models = OllamaModels.builder().baseUrl(base).maxRetries(0).build();
        List<String> names = models.availableModels().content().stream().map(OllamaModel::getName).toList();
        assertTrue(names.containsAll(List.of("tiny:latest", "scripted:latest")), names.toString());
        var card = models.modelCard("tiny").content();
        assertTrue(card.getTemplate().contains("im_start"));
        assertTrue(card.getCapabilities().contains("tools"), card.getCapabilities().toString());
    }

    @Test
    void errorsAreTheClientsOwnExceptions() {
        assertThrows(ModelNotFoundException.class, () -> chat("no-such-model", 4).chat(UserMessage.from("hi")));
        var bad = assertThrows(InvalidRequestException.class, () -> OllamaChatModel.builder().baseUrl(base)
                .modelName("tiny").temperature(500.0).maxRetries(0).build().chat(UserMessage.from("hi")));
        assertTrue(bad.getMessage().contains("temperature"), bad.getMessage());
    }

    @Test
    void cancellingMidStreamFreesTheModelForTheNextRequest() throws Exception {
        var text = new StringBuilder();
        LangChain4jChecks.stream(streaming("tiny", 400), ChatRequest.builder().messages(UserMessage.from("Tell a long story")).build(),
                text, 3);
        TestServer.awaitIdle("tiny");
        assertFalse(chat("tiny", 4).chat(UserMessage.from("hi")).aiMessage().text().isEmpty());
    }
}
