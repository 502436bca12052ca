package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 8: a shutdown lets running streams finish, ends those still running at its deadline with an error
 * in their API's shape (an SSE error event, an NDJSON error line, a 503 for an answer not yet started), and accepts
 * no new connection. Streams are held open by a gate in a fake upstream, not by timing: nothing here depends on how
 * fast the machine is (timeouts are hang guards).
 */
@Timeout(120)
class GracefulShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private GatedUpstream up;
    private HelixServer server;
    private int port;

    @BeforeEach
    void start() {
        up = new GatedUpstream(dir, 3);
        server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), up.router, "test");
        port = server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        up.close();
        client.shutdownNow();
    }

    private String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts a stream and reads up to its first token, which the gate lets out (the status waits for it). */
    private Iterator<String> stream(int model, String path, String body) throws Exception {
        up.gate(model).allow(1);
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(URI.create(url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            if (lines.next().contains("one")) {
                return lines;
            }
        }
        throw new AssertionError("the stream ended before its first token");
    }

    private Iterator<String> openAiStream(int model) throws Exception {
        return stream(model, "/v1/chat/completions", "{\"model\":\"gated-" + model + "\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private Iterator<String> ollamaStream(int model) throws Exception {
        return stream(model, "/api/chat", "{\"model\":\"gated-" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    private static List<String> rest(Iterator<String> lines) {
        var rest = new ArrayList<String>();
        lines.forEachRemaining(l -> {
            if (!l.isBlank()) {
                rest.add(l);
            }
        });
        return rest;
    }

    private CompletableFuture<Void> shutdownAsync(Duration deadline) {
        return CompletableFuture.runAsync(() -> {
            try {
                server.shutdown(deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits (a hang guard only) until the port refuses connections: the shutdown has begun. */
    private void awaitRefused() throws Exception {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            }
        }
        throw new AssertionError("the server still accepts connections");
    }

    @Test
    void streamsRunningAtTheSignalFinishWholeAndNoNewConnectionIsAccepted() throws Exception {
        Iterator<String> openAi = openAiStream(0);
        Iterator<String> ollama = ollamaStream(1);

        var stopping = shutdownAsync(HANG_GUARD);
        awaitRefused();
        assertFalse(stopping.isDone(), "it waits for the streams");
        up.gate(0).open();
        up.gate(1).open();

        List<String> openAiRest = rest(openAi);
        assertTrue(String.join("", openAiRest).contains(" three"), openAiRest.toString());
        assertEquals("data: [DONE]", openAiRest.getLast(), openAiRest.toString());
        List<String> ollamaRest = rest(ollama);
        JsonNode last = JSON.readTree(ollamaRest.getLast());
        assertTrue(last.path("done").asBoolean(), ollamaRest.toString());
        assertEquals("stop", last.path("done_reason").asText(), ollamaRest.toString());
        stopping.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void whatIsStillRunningAtTheDeadlineEndsWithAnErrorInItsApisShape() throws Exception {
        Iterator<String> openAi = openAiStream(0);
        Iterator<String> ollama = ollamaStream(1);
        // A request whose answer has not started: it waits at the gate for its first token.
        CompletableFuture<HttpResponse<String>> whole = client.sendAsync(HttpRequest.newBuilder(URI.create(url()
                        + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gated-2\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        up.awaitRequest(2);

        // The gate stays closed: none of them can finish, whatever the deadline.
        server.shutdown(Duration.ofMillis(200));

        List<String> openAiRest = rest(openAi);
        JsonNode event = JSON.readTree(openAiRest.getLast().substring("data: ".length()));
        assertTrue(event.path("error").path("message").asText().contains("shutting down"), openAiRest.toString());
        assertFalse(openAiRest.contains("data: [DONE]"), "an ended stream does not end as if whole");
        List<String> ollamaRest = rest(ollama);
        JsonNode line = JSON.readTree(ollamaRest.getLast());
        assertTrue(line.path("error").asText().contains("shutting down"), ollamaRest.toString());
        HttpResponse<String> answer = whole.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(JSON.readTree(answer.body()).path("error").path("message").asText().contains("shutting down"),
                answer.body());
    }

    @Test
    void idleKeptAliveConnectionsDoNotHoldTheShutdown() throws Exception {
        var socket = new Socket("127.0.0.1", port);
        try (socket) {
            socket.getOutputStream().write("GET /api/version HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
            socket.getOutputStream().flush();
            var in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int read = in.read(buffer);
            assertTrue(read > 0 && new String(buffer, 0, read).startsWith("HTTP/1.1 200"));
            // The connection stays open, idle. The deadline is a minute: the shutdown must not wait for it.
            var stopping = shutdownAsync(HANG_GUARD);
            stopping.get(HANG_GUARD.toSeconds() / 2, TimeUnit.SECONDS);
            assertEquals(-1, readOrEnd(in), "the idle connection was closed");
        }
    }

    private static int readOrEnd(java.io.InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {
            return -1;
        }
    }
}
