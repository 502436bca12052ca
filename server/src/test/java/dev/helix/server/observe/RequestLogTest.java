package dev.helix.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.config.ObservabilityConfig;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request log: one JSON line per request with its id, API, endpoint, model, backend, status, tokens, time to
 * first token and duration; {@code X-Request-Id} taken from the client when sane and echoed, made up otherwise; the
 * file rotates at its size and keeps its number of files.
 */
@Tag(TestEngine.TAG)
class RequestLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(String url, String body, String requestId) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneLinePerRequestWithItsIdEchoedAndTheFileRotates() throws Exception {
        Path log = dir.resolve("logs/requests.jsonl");
        var config = new ObservabilityConfig(ObservabilityConfig.Alerts.DEFAULTS,
                new ObservabilityConfig.RequestLog(log, 4000, 3));
        try (var server = TestServer.start(config)) {
            var chat = send(server.url() + "/v1/chat/completions", """
                    {"model":"tiny","messages":[{"role":"user","content":"hello"}],"max_tokens":3}""", "trace-42.a");
            assertEquals(200, chat.statusCode(), chat.body());
            assertEquals("trace-42.a", chat.headers().firstValue("X-Request-Id").orElseThrow());
            JsonNode usage = JSON.readTree(chat.body()).get("usage");

            var made = send(server.url() + "/api/tags", null, null);
            String madeId = made.headers().firstValue("X-Request-Id").orElseThrow();
            assertTrue(madeId.matches("[0-9a-f]{32}"), madeId);
            String insaneId = "two words;" + "x".repeat(200);
            var insane = send(server.url() + "/api/tags", null, insaneId);
            assertTrue(insane.headers().firstValue("X-Request-Id").orElseThrow().matches("[0-9a-f]{32}"),
                    "an id with spaces, too long, is replaced");
            var missing = send(server.url() + "/api/chat", """
                    {"model":"nobody","messages":[{"role":"user","content":"x"}]}""", "lost-1");
            assertEquals(404, missing.statusCode());

            List<JsonNode> lines = lines(log);
            JsonNode first = byId(lines, "trace-42.a");
            assertEquals("openai", first.get("api").asText());
            assertEquals("/v1/chat/completions", first.get("endpoint").asText());
            assertEquals("POST", first.get("method").asText());
            assertEquals("tiny", first.get("model").asText());
            assertEquals("local", first.get("backend").asText());
            assertEquals(200, first.get("status").asInt());
            assertEquals(usage.get("prompt_tokens").asInt(), first.get("tokens_in").asInt());
            assertEquals(usage.get("completion_tokens").asInt(), first.get("tokens_out").asInt());
            double ttft = first.get("ttft_seconds").asDouble();
            assertTrue(ttft > 0 && ttft <= first.get("duration_seconds").asDouble(), first.toString());
            assertTrue(java.time.Instant.parse(first.get("time").asText()).isBefore(java.time.Instant.now()));
            JsonNode tags = byId(lines, madeId);
            assertEquals("ollama", tags.get("api").asText());
            assertEquals("", tags.get("model").asText());
            assertFalse(tags.has("ttft_seconds"), "no output, no time to first token: " + tags);
            JsonNode lost = byId(lines, "lost-1");
            assertEquals(404, lost.get("status").asInt());
            assertTrue(lost.get("error").asText().contains("nobody"), lost.toString());

            for (int i = 0; i < 60; i++) {
                assertEquals(200, send(server.url() + "/api/version", null, "rotate-" + i).statusCode());
            }
            assertTrue(Files.exists(Path.of(log + ".1")) && Files.exists(Path.of(log + ".2")), "rotated");
            assertFalse(Files.exists(Path.of(log + ".3")), "three files kept");
            assertEquals("rotate-59", lines(log).getLast().get("request_id").asText(), "the newest in .0");
        }
    }

    private static List<JsonNode> lines(Path log) throws Exception {
        var out = new ArrayList<JsonNode>();
        for (String line : Files.readAllLines(Path.of(log + ".0"))) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static JsonNode byId(List<JsonNode> lines, String id) {
        return lines.stream().filter(l -> id.equals(l.path("request_id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no line for request " + id + " in " + lines));
    }
}
