package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client of any of the three chat APIs that goes away mid-stream cancels its generation and frees the model's only
 * slot (see {@link CancellationTest}: a generation runs at most a window of chunks ahead of its reader, so one left
 * uncancelled would hold the slot for good and the next request would fail as busy). Nothing here depends on speed.
 */
@Timeout(180)
class ChatApisCancellationTest {
    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"Once upon a time\"}]";
    private static final Map<String, String> UNBOUNDED = Map.of(
            "/v1/chat/completions", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,\"max_tokens\":16000,"
                    + "\"messages\":" + MESSAGES + "}",
            "/v1/responses", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,\"max_output_tokens\":16000,"
                    + "\"input\":\"Once upon a time\"}",
            "/v1/messages", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,\"max_tokens\":16000,"
                    + "\"messages\":" + MESSAGES + "}");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(30)),
                ModelLoadOptions.DEFAULTS.withContextSize(4096).withParallel(1),
                RunnerSettings.defaults().withQueueTimeout(Duration.ofSeconds(60)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void disconnectingMidStreamFreesTheModelForTheNextRequest() throws Exception {
        for (var api : UNBOUNDED.entrySet()) {
            String path = api.getKey();
            String body = api.getValue();
            try (var socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                assertTrue(status.startsWith("HTTP/1.1 200"), path + ": " + status);
                int deltas = 0;
                for (String line; deltas < 5 && (line = in.readLine()) != null; ) {
                    if (line.contains("delta")) {
                        deltas++; // text is flowing: the generation holds the slot
                    }
                }
                assertEquals(5, deltas, path + ": the stream started");
            }
            var next = Http.post(server.url() + "/api/generate",
                    "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":3}}");
            assertEquals(200, next.statusCode(), path + ": the model was still busy: " + next.body());
        }
    }
}
