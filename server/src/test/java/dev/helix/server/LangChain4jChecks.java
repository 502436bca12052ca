package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What both LangChain4j client tests do the same way: drive a streaming model, and check the calls and the JSON. */
final class LangChain4jChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LangChain4jChecks() {}

    /** The scripted model's two calls, as the client parsed them: weather in Paris, then the time in UTC. */
    static void assertScriptedCalls(List<ToolExecutionRequest> calls) throws Exception {
        assertEquals(2, calls.size(), calls.toString());
        assertEquals("get_weather", calls.get(0).name());
        assertEquals("Paris", JSON.readTree(calls.get(0).arguments()).get("city").asText());
        assertEquals("get_time", calls.get(1).name());
        assertEquals("UTC", JSON.readTree(calls.get(1).arguments()).get("zone").asText());
    }

    /** A JSON schema of one required integer {@code n}. */
    static ResponseFormat integerN() {
        return ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(JsonSchema.builder().name("n")
                .rootElement(JsonObjectSchema.builder().addIntegerProperty("n").required("n").build()).build()).build();
    }

    /** The answer parses as JSON whose {@code n} is an integer. */
    static void assertIntegerN(ChatResponse response) throws Exception {
        assertTrue(JSON.readTree(response.aiMessage().text()).get("n").isIntegralNumber(), response.aiMessage().text());
    }

    /**
     * Collects a streamed answer into {@code text}, cancelling through the client's own handle after
     * {@code cancelAfter} pieces (0 = never).
     *
     * @return the complete response, or null when cancelled
     */
    static ChatResponse stream(StreamingChatModel model, ChatRequest request, StringBuilder text, int cancelAfter)
            throws Exception {
        var done = new CompletableFuture<ChatResponse>();
        var pieces = new AtomicInteger();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                text.append(partial.text());
                if (pieces.incrementAndGet() == cancelAfter) {
                    context.streamingHandle().cancel();
                    done.complete(null);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }
}
