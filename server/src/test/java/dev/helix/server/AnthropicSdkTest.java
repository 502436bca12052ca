package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.helix.runtime.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The official Anthropic Java SDK, unchanged, against a real Helix server's Messages API. */
@Timeout(120)
@Tag(TestEngine.TAG)
class AnthropicSdkTest {
    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = client(TestServer.shared().url()).apiKey("not-needed").build();
    }

    private static AnthropicOkHttpClient.Builder client(String url) {
        return AnthropicOkHttpClient.builder().baseUrl(url).maxRetries(0);
    }

    private static MessageCreateParams.Builder greedy(String prompt) {
        // The SDK has no temperature setter any more (recent Claude models fix it); Helix still takes it.
        return MessageCreateParams.builder().model("tiny").system("You are terse.").addUserMessage(prompt)
                .putAdditionalBodyProperty("temperature", JsonValue.from(0.0)).maxTokens(12);
    }

    private static String text(Message message) {
        return message.content().stream().flatMap(block -> block.text().stream()).map(t -> t.text())
                .reduce("", String::concat);
    }

    @Test
    void create() {
        Message message = client.messages().create(greedy("Say hello").build());
        assertTrue(message.id().startsWith("msg_"), message.id());
        assertEquals("tiny", message.model().asString());
        assertFalse(text(message).isEmpty(), message.toString());
        var reason = message.stopReason().orElseThrow();
        assertTrue(List.of(StopReason.END_TURN, StopReason.MAX_TOKENS).contains(reason), reason.toString());
        assertTrue(message.usage().inputTokens() > 0);
        assertTrue(message.usage().outputTokens() > 0 && message.usage().outputTokens() <= 12);
    }

    @Test
    void streamingGivesTheSameMessageAsNonStreaming() {
        Message whole = client.messages().create(greedy("Tell a story").build());
        var accumulator = MessageAccumulator.create();
        var deltas = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                greedy("Tell a story").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> deltas.append(t.text()));
            });
        }
        Message streamed = accumulator.message();
        assertEquals(text(whole), deltas.toString());
        assertEquals(text(whole), text(streamed));
        assertEquals(whole.stopReason(), streamed.stopReason());
        assertEquals(whole.usage().outputTokens(), streamed.usage().outputTokens());
    }

    private static final Tool WEATHER = Tool.builder().name("get_weather").description("Weather")
            .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city",
                    Map.of("type", "string", "enum", List.of("Paris", "Oslo"))))).addRequired("city").build())
            .build();
    private static final Tool TIME = Tool.builder().name("get_time").description("Time")
            .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("zone",
                    Map.of("type", "string")))).build()).build();

    @Test
    void toolChoiceAnyForcesAValidToolUseAndItsResultGoesBack() {
        Message message = client.messages().create(greedy("Weather in Paris?").maxTokens(200).addTool(WEATHER)
                .toolChoice(ToolChoiceAny.builder().build()).build());
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
        List<ToolUseBlock> uses = message.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertFalse(uses.isEmpty(), message.toString());
        ToolUseBlock use = uses.get(0);
        assertEquals("get_weather", use.name());
        @SuppressWarnings("unchecked")
        var input = (Map<String, Object>) use._input().convert(Map.class);
        assertTrue(List.of("Paris", "Oslo").contains(input.get("city")), input.toString());

        Message answer = client.messages().create(greedy("Weather in Paris?").maxTokens(8).addTool(WEATHER)
                .addMessage(message).addUserMessage(MessageContentParam.ofContentBlockParams(List.of(
                        ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(use.id())
                                .content("18 C and sunny").build())))).build());
        assertTrue(answer.usage().inputTokens() > message.usage().inputTokens(),
                "the tool use and its result are part of the prompt");
    }

    @Test
    void aStreamedToolUseAccumulatesIntoItsInput() {
        var accumulator = MessageAccumulator.create();
        try (var stream = client.messages().createStreaming(MessageCreateParams.builder().model("scripted")
                .maxTokens(100).addUserMessage("Weather and time?").addTool(WEATHER).addTool(TIME).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        List<ToolUseBlock> uses = message.content().stream().flatMap(b -> b.toolUse().stream()).toList();
        assertEquals(List.of("get_weather", "get_time"), uses.stream().map(ToolUseBlock::name).toList());
        assertEquals(Map.of("city", "Paris"), uses.get(0)._input().convert(Map.class));
        assertEquals(Map.of("zone", "UTC"), uses.get(1)._input().convert(Map.class));
        assertEquals(StopReason.TOOL_USE, message.stopReason().orElseThrow());
    }

    @Test
    void countTokensIsWhatTheMessageCosts() {
        long counted = client.messages().countTokens(MessageCountTokensParams.builder().model("tiny")
                .system("You are terse.").addUserMessage("Say hello").build()).inputTokens();
        assertEquals(client.messages().create(greedy("Say hello").build()).usage().inputTokens(), counted);
        long withTools = client.messages().countTokens(MessageCountTokensParams.builder().model("tiny")
                .system("You are terse.").addUserMessage("Say hello").addTool(WEATHER).build()).inputTokens();
        assertTrue(withTools > counted, "the tools are part of the prompt: " + withTools + " vs " + counted);
    }

    @Test
    void aThinkingModelAnswersWithAThinkingBlockFirst() {
        Message message = client.messages().create(MessageCreateParams.builder().model("thinker").maxTokens(20)
                .addUserMessage("Hi").build());
        List<ContentBlock> content = message.content();
        assertEquals(2, content.size(), content.toString());
        assertEquals(TestServer.THOUGHT, content.get(0).thinking().orElseThrow().thinking());
        assertEquals(TestServer.ANSWER, content.get(1).text().orElseThrow().text());

        var accumulator = MessageAccumulator.create();
        try (var stream = client.messages().createStreaming(MessageCreateParams.builder().model("thinker")
                .maxTokens(20).addUserMessage("Hi").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        var streamed = accumulator.message().content();
        assertEquals(TestServer.THOUGHT, streamed.get(0).thinking().orElseThrow().thinking());
        assertEquals(TestServer.ANSWER, streamed.get(1).text().orElseThrow().text());
    }

    @Test
    void errorsAreTheSdksTypedExceptions() {
        var missing = assertThrows(NotFoundException.class, () -> client.messages().create(
                MessageCreateParams.builder().model("no-such-model").maxTokens(4).addUserMessage("hi").build()));
        assertEquals(404, missing.statusCode());
        assertEquals(ErrorType.NOT_FOUND_ERROR, missing.errorType().orElseThrow());
        assertTrue(missing.apiMessage().orElseThrow().contains("no-such-model"), missing.getMessage());

        var bad = assertThrows(BadRequestException.class, () -> client.messages().create(
                greedy("hi").putAdditionalBodyProperty("temperature", JsonValue.from(500.0)).build()));
        assertEquals(ErrorType.INVALID_REQUEST_ERROR, bad.errorType().orElseThrow());
        assertTrue(bad.apiMessage().orElseThrow().contains("temperature"), bad.getMessage());
    }

    @Test
    void withAnApiKeyBothXApiKeyAndBearerAreAccepted() {
        try (HelixServer guarded = TestServer.shared().startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20)
                .withApiKey("s3cret"))) {
            String url = "http://127.0.0.1:" + guarded.port();
            var params = MessageCountTokensParams.builder().model("tiny").addUserMessage("hi").build();
            assertTrue(client(url).apiKey("s3cret").build().messages().countTokens(params).inputTokens() > 0);
            assertTrue(client(url).authToken("s3cret").build().messages().countTokens(params).inputTokens() > 0);
            var wrong = assertThrows(UnauthorizedException.class,
                    () -> client(url).apiKey("nope").build().messages().countTokens(params));
            assertEquals(ErrorType.AUTHENTICATION_ERROR, wrong.errorType().orElseThrow());
        }
    }
}
