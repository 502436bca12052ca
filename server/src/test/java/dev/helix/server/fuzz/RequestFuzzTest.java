package dev.helix.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.Http;
import dev.helix.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10's fuzz suite: seeded generated requests (mutated and random JSON bodies, wrong types, huge and deep values,
 * broken bytes, wrong content types and methods, odd headers) against every endpoint of a real server with real
 * runners. Every answer is a 2xx, or a 4xx or 501 in its API's JSON error shape, within a hang guard; a stream ends
 * properly or with an error event; after each endpoint's batch the server and its runners still answer a normal
 * request. The seed is printed; {@code -Dhelix.fuzz.seed=N} reruns one, {@code -Dhelix.fuzz.count=N} sets the
 * requests per endpoint.
 */
@Timeout(600)
@Tag(TestEngine.TAG)
class RequestFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final long SEED = Long.getLong("helix.fuzz.seed", 20261130L);
    private static final int PER_ENDPOINT = Integer.getInteger("helix.fuzz.count", 12);

    private static TestServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        // A small context keeps every generation a fuzzed body can ask for short.
        server = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60)),
                ModelLoadOptions.DEFAULTS.withContextSize(256), RunnerSettings.defaults());
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        System.out.println("RequestFuzzTest seed " + SEED + " (-Dhelix.fuzz.seed=" + SEED + " to rerun)");
    }

    @AfterAll
    static void stop() {
        client.shutdownNow();
        server.close();
    }

    @Test
    void everyEndpointAnswersGeneratedRequestsInItsApisShapeAndStaysUp() throws Exception {
        var generator = new RequestGenerator(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Endpoint endpoint : Endpoint.ALL) {
            for (int i = 0; i < PER_ENDPOINT; i++) {
                RequestGenerator.Request request = generator.next(endpoint);
                sent++;
                String problem = problem(endpoint, request);
                if (problem != null) {
                    failures.add(problem + "\n    request: " + request.describe());
                }
            }
            assertAlive("after the batch for " + endpoint.method() + " " + endpoint.path() + ", failures so far: "
                    + failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " answers were wrong (seed " + SEED + "):\n"
                + String.join("\n", failures));
    }

    @Test
    void brokenRequestLinesAndHeadersGetA4xxInJsonOrAClosedConnection() throws Exception {
        var random = new Random(SEED);
        List<String> heads = new ArrayList<>(List.of(
                "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
                "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "GET /api/tags HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n",
                "GET /api/ta%00gs HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /api/tags HTTP/9.9\r\nHost: localhost\r\n\r\n",
                "GET /api/tags HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n",
                "\u0000\u0001\u0002 / HTTP/1.1\r\n\r\n",
                "GET /v1/models/%ff%fe HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            heads.add("GET /api/tags HTTP/1.1\r\nHost: localhost\r\nX-G: "
                    + new String(garbage, StandardCharsets.ISO_8859_1).replace("\r", "").replace("\n", "") + "\r\n\r\n");
        }
        List<String> failures = new ArrayList<>();
        for (String head : heads) {
            String answer = raw(head);
            if (answer.isEmpty()) {
                continue; // closed without an answer: allowed for bytes that are not HTTP
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            boolean version = head.contains("HTTP/9.9") && status == 505; // HTTP's own answer to an unknown version
            if (!(status / 100 == 2 || status / 100 == 4 || status == 501 || version)) {
                failures.add(status + " for " + head.substring(0, Math.min(80, head.length())));
            } else if (status >= 400 && !errorShaped(JSON.readTree(dechunk(answer, body)), Endpoint.Shape.EITHER)) {
                failures.add("not a JSON error: " + body + " for " + head.substring(0, Math.min(80, head.length())));
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertAlive("after broken heads");
    }

    /** What is wrong with the answer to this request, or null. */
    private String problem(Endpoint endpoint, RequestGenerator.Request request) {
        var builder = HttpRequest.newBuilder(URI.create(server.url() + request.path())).timeout(HANG_GUARD)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException notSendable) {
                // a header value java.net.http refuses to send: leave it out
            }
        });
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            return "no answer within " + HANG_GUARD;
        } catch (IOException e) {
            return "the connection failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        int status = response.statusCode();
        String body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        String shown = status + " " + type + " " + body.substring(0, Math.min(300, body.length()));
        if (!(status / 100 == 2 || status / 100 == 4 || status == 501)) {
            return "status " + shown;
        }
        try {
            if (status >= 400) {
                return errorShaped(JSON.readTree(body), endpoint.shape()) ? null : "not its API's error shape: " + shown;
            }
            if (status == 204 || body.isEmpty() || request.path().equals("/")) {
                return null;
            }
            if (type.startsWith("text/event-stream")) {
                return sse(body) ? null : "a stream that did not end properly: " + shown;
            }
            if (type.startsWith("application/x-ndjson")) {
                return ndjson(body) ? null : "a stream that did not end properly: " + shown;
            }
            JSON.readTree(body);
            return type.startsWith("application/json") ? null : "a 2xx that is not JSON: " + shown;
        } catch (IOException e) {
            return "not JSON: " + shown;
        }
    }

    private static boolean errorShaped(JsonNode body, Endpoint.Shape shape) {
        boolean openAi = body.path("error").path("message").isTextual();
        boolean ollama = body.path("error").isTextual();
        boolean anthropic = body.path("type").asText().equals("error") && body.path("error").path("type").isTextual()
                && body.path("error").path("message").isTextual();
        return switch (shape) {
            case OPENAI -> openAi;
            case OLLAMA -> ollama;
            case ANTHROPIC -> anthropic;
            case EITHER -> openAi || ollama;
        };
    }

    private static final java.util.Set<String> END_EVENTS = java.util.Set.of("response.completed",
            "response.incomplete", "response.failed", "message_stop", "error");

    /** Every event JSON; the last one [DONE], an API's own last event, or an error. */
    private static boolean sse(String body) throws IOException {
        String last = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                last = line.substring(6);
                if (!last.equals("[DONE]")) {
                    JSON.readTree(last);
                }
            }
        }
        if (last == null) {
            return false;
        }
        if (last.equals("[DONE]")) {
            return true;
        }
        JsonNode end = JSON.readTree(last);
        // Chat Completions end with [DONE]; Responses and Anthropic Messages with their own last event
        return end.has("error") || END_EVENTS.contains(end.path("type").asText());
    }

    /** Every line JSON; the last one done, a progress stream's success, or an error. */
    private static boolean ndjson(String body) throws IOException {
        JsonNode last = null;
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                last = JSON.readTree(line);
            }
        }
        // generations end with done: true; Ollama's pull and create progress with status: success
        return last != null && (last.path("done").asBoolean() || last.has("error")
                || last.path("status").asText().equals("success"));
    }

    /** A normal request to a runner's model and the model list still answer. */
    private static void assertAlive(String when) {
        var generate = Http.post(server.url() + "/api/generate", "{\"model\":\"tiny\",\"prompt\":\"Hi\","
                + "\"stream\":false,\"options\":{\"num_predict\":2}}");
        assertEquals(200, generate.statusCode(), when + ": " + generate.body());
        var chat = Http.post(server.url() + "/v1/chat/completions", "{\"model\":\"scripted\",\"max_tokens\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, chat.statusCode(), when + ": " + chat.body());
        assertEquals(200, Http.get(server.url() + "/api/tags").statusCode(), when);
    }

    /** Sends bytes as they are and reads the answer to the end (the server closes after a bad request). */
    private static String raw(String head) throws IOException {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) HANG_GUARD.toMillis());
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                return "";
            }
        }
    }

    /** The body of an answer, joined from its chunks when it came chunked. */
    private static String dechunk(String answer, String body) {
        if (!answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase().contains("transfer-encoding: chunked")) {
            return body;
        }
        var joined = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int end = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, end).trim(), 16);
            if (size == 0) {
                break;
            }
            joined.append(body, end + 2, end + 2 + size);
            at = end + 2 + size + 2;
        }
        return joined.toString();
    }
}
