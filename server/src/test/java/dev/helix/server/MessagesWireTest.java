package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/messages} on the wire: Anthropic's event sequence, the message, and errors in Anthropic's shape. */
@Timeout(120)
@Tag(TestEngine.TAG)
class MessagesWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = """
            [{"name":"get_weather","description":"Weather","input_schema":{"type":"object",
              "properties":{"city":{"type":"string","enum":["Paris","Oslo"]}},"required":["city"]}},
             {"name":"get_time","input_schema":{"type":"object","properties":{"zone":{"type":"string"}}}}]""";
    private static String base;

    @BeforeAll
    static void start() {
        base = TestServer.shared().url();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static HttpResponse<String> post(String url, String body, String... headers) {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static NamedEvents stream(String body) {
        var r = post(base + "/v1/messages", body);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return NamedEvents.of(r.body());
    }

    @Test
    void aThinkingModelStreamsAThinkingBlockThenATextBlockThenTheStopReasonAndUsage() {
        NamedEvents events = stream("{\"model\":\"thinker\",\"max_tokens\":20,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"),
                events.names());
        JsonNode start = events.named("message_start").get(0).get("message");
        assertTrue(start.get("id").asText().startsWith("msg_"));
        assertEquals("message", start.get("type").asText());
        assertEquals("assistant", start.get("role").asText());
        assertEquals(0, start.get("content").size());
        assertTrue(start.get("stop_reason").isNull());
        assertTrue(start.at("/usage/output_tokens").isInt());

        List<JsonNode> blocks = events.named("content_block_start");
        assertEquals(0, blocks.get(0).get("index").asInt());
        assertEquals("thinking", blocks.get(0).at("/content_block/type").asText());
        assertEquals(1, blocks.get(1).get("index").asInt());
        assertEquals("text", blocks.get(1).at("/content_block/type").asText());
        var thinking = new StringBuilder();
        var text = new StringBuilder();
        for (JsonNode delta : events.named("content_block_delta")) {
            switch (delta.at("/delta/type").asText()) {
                case "thinking_delta" -> {
                    assertEquals(0, delta.get("index").asInt());
                    thinking.append(delta.at("/delta/thinking").asText());
                }
                case "text_delta" -> {
                    assertEquals(1, delta.get("index").asInt());
                    text.append(delta.at("/delta/text").asText());
                }
                default -> throw new AssertionError("unexpected delta " + delta);
            }
        }
        assertEquals(TestServer.THOUGHT, thinking.toString());
        assertEquals(TestServer.ANSWER, text.toString());
        List<Integer> stops = events.named("content_block_stop").stream().map(s -> s.get("index").asInt()).toList();
        assertEquals(List.of(0, 1), stops);

        JsonNode delta = events.named("message_delta").get(0);
        assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
        assertTrue(delta.at("/delta/stop_sequence").isNull());
        assertTrue(delta.at("/usage/input_tokens").asInt() > 0, delta.toString());
        assertTrue(delta.at("/usage/output_tokens").asInt() > 0, delta.toString());
        assertEquals("message_stop", events.last().get("type").asText());
    }

    @Test
    void toolUseStreamsAsABlockWithEmptyInputThenItsJson() {
        NamedEvents events = stream("{\"model\":\"scripted\",\"max_tokens\":100,\"stream\":true,\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather and time?\"}]}");
        List<String> block = List.of("content_block_start", "content_block_delta", "content_block_stop");
        var expected = new ArrayList<>(List.of("message_start"));
        expected.addAll(block);
        expected.addAll(block);
        expected.addAll(List.of("message_delta", "message_stop"));
        assertEquals(expected, events.names());
        JsonNode first = events.named("content_block_start").get(0).get("content_block");
        assertEquals("tool_use", first.get("type").asText());
        assertEquals("get_weather", first.get("name").asText());
        assertEquals(JSON.createObjectNode(), first.get("input"));
        assertTrue(first.get("id").isTextual());
        JsonNode input = events.named("content_block_delta").get(1).get("delta");
        assertEquals("input_json_delta", input.get("type").asText());
        assertEquals(json("{\"zone\":\"UTC\"}"), json(input.get("partial_json").asText()));
        assertEquals("tool_use", events.named("message_delta").get(0).at("/delta/stop_reason").asText());
    }

    @Test
    void aWholeMessage() {
        var r = post(base + "/v1/messages", "{\"model\":\"thinker\",\"max_tokens\":20,\"system\":[{\"type\":\"text\","
                + "\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"thinking\":{\"type\":\"enabled\","
                + "\"budget_tokens\":1024},\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode message = json(r.body());
        assertEquals("message", message.get("type").asText());
        assertEquals("assistant", message.get("role").asText());
        assertEquals("thinker", message.get("model").asText());
        assertEquals("thinking", message.at("/content/0/type").asText());
        assertEquals(TestServer.THOUGHT, message.at("/content/0/thinking").asText());
        assertTrue(message.at("/content/0/signature").isTextual());
        assertEquals("text", message.at("/content/1/type").asText());
        assertEquals(TestServer.ANSWER, message.at("/content/1/text").asText());
        assertEquals("end_turn", message.get("stop_reason").asText());
        assertTrue(message.has("stop_sequence") && message.get("stop_sequence").isNull());
        assertTrue(message.at("/usage/input_tokens").asInt() > 0);

        var counted = json(post(base + "/v1/messages/count_tokens", "{\"model\":\"tiny\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"Hi\"}]}").body());
        assertTrue(counted.get("input_tokens").asInt() > 0, counted.toString());

        var tools = json(post(base + "/v1/messages", "{\"model\":\"scripted\",\"max_tokens\":100,\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
        assertEquals("tool_use", tools.get("stop_reason").asText());
        assertEquals(json("{\"city\":\"Paris\"}"), tools.at("/content/0/input"), "input is an object, not a string");
    }

    @Test
    void aHistoryWithToolUseAndResultsRenders() {
        var r = post(base + "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":3,\"tools\":" + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"\"},{\"type\":\"text\",\"text\":\"Looking.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"18 C\"}]},{\"type\":\"text\",\"text\":\"And now?\"}]}]}");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void errorsComeInAnthropicsShapeWithItsStatuses() {
        assertError(post(base + "/v1/messages", "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}]}"), 400, "invalid_request_error", "max_tokens");
        assertError(post(base + "/v1/messages", "{\"model\":\"no-such-model\",\"max_tokens\":4,\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}"), 404, "not_found_error", "no-such-model");
        assertError(post(base + "/v1/messages", "{\"model\":"), 400, "invalid_request_error", "malformed JSON");
        assertError(post(base + "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image\",\"source\":{}}]}]}"), 400, "invalid_request_error", "images");
        assertError(post(base + "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"Once\"}]}"), 400, "invalid_request_error",
                "prefill");
        assertError(post(base + "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":4,\"tools\":[{\"type\":"
                + "\"web_search_20250305\",\"name\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                400, "invalid_request_error", "tools[0].type");
        assertError(post(base + "/v1/messages", "{\"model\":\"tiny\",\"max_tokens\":4,\"tool_choice\":{\"type\":"
                + "\"any\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 400, "invalid_request_error",
                "tool_choice");
        assertError(post(base + "/v1/messages/batches", "{}"), 404, "not_found_error", "not found");
    }

    @Test
    void withAnApiKeyEitherHeaderWillDoAndA401IsInAnthropicsShape() {
        try (HelixServer guarded = TestServer.shared().startHttp(new ServerSettings("127.0.0.1", 0, 1 << 20)
                .withApiKey("s3cret"))) {
            String url = "http://127.0.0.1:" + guarded.port() + "/v1/messages/count_tokens";
            String body = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertError(post(url, body), 401, "authentication_error", "API key");
            assertError(post(url, body, "x-api-key", "nope"), 401, "authentication_error", "not valid");
            assertEquals(200, post(url, body, "x-api-key", "s3cret").statusCode());
            assertEquals(200, post(url, body, "Authorization", "Bearer s3cret").statusCode());
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String type, String mentioned) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r.body());
        assertEquals("error", body.get("type").asText(), r.body());
        assertEquals(type, body.at("/error/type").asText(), r.body());
        assertTrue(body.at("/error/message").asText().contains(mentioned), r.body());
    }
}
