package dev.helix.providers.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.providers.upstream.ServerKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The llama-server fake against what the real llama-server b4980 sent (../shared/reference/wire/llama-server-b4980):
 * same status, same Content-Type and Server headers, same JSON structure (field names, nesting, types), same SSE
 * framing with usage and timings on the last content chunk. Values (text, ids, numbers) are free to differ.
 */
class LlamaServerCapturesTest {
    private static final Pattern SSE_FRAMING = Pattern.compile("(data: [^\\n]+\\n\\n)+");

    private static Path captures;
    private static FakeUpstream fake;
    private static Wire wire;

    @BeforeAll
    static void start() {
        captures = SharedReference.assumeWire("llama-server-b4980");
        fake = FakeUpstream.builder(ServerKind.LLAMA_SERVER).reply("\"", "H", "e", "re", "?", "\"").start();
        wire = new Wire();
    }

    @AfterAll
    static void stop() {
        if (fake != null) {
            fake.close();
            wire.close();
        }
    }

    @Test
    void healthModelsAndNotFound() {
        same("health", wire.get(fake.baseUri(), "/health"));
        same("v1-models", wire.get(fake.baseUri(), "/v1/models"));
        same("not-found", wire.get(fake.baseUri(), "/v1/nope"));
    }

    @Test
    void propsCarryTheFingerprintFieldsWithTheCapturesTypes() {
        HttpResponse<String> props = wire.get(fake.baseUri(), "/props");
        Capture capture = Capture.read(captures, "props");
        sameHeaders(capture, props);
        JsonNode real = Json.parse(capture.body());
        JsonNode ours = Json.parse(props.body());
        for (String field : List.of("default_generation_settings", "total_slots", "chat_template", "build_info")) {
            assertTrue(ours.has(field), "the fingerprint field " + field);
        }
        assertSubShape(real, ours, "");
    }

    @Test
    void wholeChatAndCompletion() {
        ObjectNode chat = chat().put("max_tokens", 12);
        same("chat", wire.post(fake.baseUri(), "/v1/chat/completions", chat));
        ObjectNode completion = Json.object().put("prompt", "Once upon a time").put("max_tokens", 5);
        same("completion", wire.post(fake.baseUri(), "/v1/completions", completion));
    }

    @Test
    void streamedChatAndCompletionFrameAndPlaceUsageAsTheRealOne() {
        ObjectNode chat = chat().put("max_tokens", 6).put("stream", true);
        chat.set("stream_options", Json.object().put("include_usage", true));
        sameStream("chat-stream", wire.post(fake.baseUri(), "/v1/chat/completions", chat));
        ObjectNode completion = Json.object().put("prompt", "Once upon a time").put("max_tokens", 5)
                .put("stream", true);
        sameStream("completion-stream", wire.post(fake.baseUri(), "/v1/completions", completion));
    }

    @Test
    void badRequestsAre500sAsTheRealOneAnswersThem() throws Exception {
        try (var client = HttpClient.newHttpClient()) {
            HttpResponse<String> badJson = client.send(HttpRequest.newBuilder(URI.create(fake.baseUri()
                            + "v1/chat/completions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":")).build(),
                    HttpResponse.BodyHandlers.ofString());
            same("error-bad-json", badJson);
        }
        same("error-no-messages", wire.post(fake.baseUri(), "/v1/chat/completions", Json.object().put("model", "x")));
    }

    private static ObjectNode chat() {
        ObjectNode chat = Json.object().put("temperature", 0);
        chat.set("messages", Json.array().add(Json.object().put("role", "user").put("content", "Where?")));
        return chat;
    }

    private static void same(String name, HttpResponse<String> ours) {
        Capture capture = Capture.read(captures, name);
        sameHeaders(capture, ours);
        assertEquals(JsonShape.of(Json.parse(capture.body())), JsonShape.of(Json.parse(ours.body())), name);
    }

    private static void sameStream(String name, HttpResponse<String> ours) {
        Capture capture = Capture.read(captures, name);
        sameHeaders(capture, ours);
        assertTrue(SSE_FRAMING.matcher(capture.body()).matches(), "the capture is data-only SSE");
        assertTrue(SSE_FRAMING.matcher(ours.body()).matches(), name + ": data: lines and blank lines only\n" + ours.body());
        List<JsonNode> real = SseEvents.parse(capture.body()).json();
        List<JsonNode> fake = SseEvents.parse(ours.body()).json();
        assertEquals("[DONE]", SseEvents.parse(ours.body()).data().getLast());
        assertEquals(real.size(), fake.size(), name + ": one event per token, then the finish chunk");
        for (int i = 0; i < real.size(); i++) {
            assertEquals(JsonShape.of(real.get(i)), JsonShape.of(fake.get(i)), name + " event " + i);
        }
    }

    private static void sameHeaders(Capture capture, HttpResponse<String> ours) {
        assertEquals(capture.status(), ours.statusCode());
        for (String header : List.of("Content-Type", "Server")) {
            assertEquals(capture.header(header), ours.headers().firstValue(header), header);
        }
        assertTrue(ours.headers().map().keySet().stream().anyMatch("access-control-allow-origin"::equalsIgnoreCase),
                "Access-Control-Allow-Origin, sent empty without an Origin");
    }

    /** Every field we send is in the capture, with the same type (the capture may have more). */
    private static void assertSubShape(JsonNode real, JsonNode ours, String at) {
        if (ours.isObject()) {
            assertTrue(real.isObject(), at + " is an object in the capture");
            ours.properties().forEach(e -> {
                assertTrue(real.has(e.getKey()), at + "/" + e.getKey() + " is in the capture");
                assertSubShape(real.get(e.getKey()), e.getValue(), at + "/" + e.getKey());
            });
        } else {
            assertEquals(real.getNodeType(), ours.getNodeType(), at);
        }
    }

}
