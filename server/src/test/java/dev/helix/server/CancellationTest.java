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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that goes away mid-stream cancels its generation and frees the model's only slot. The model has one slot,
 * and a generation runs at most a window of chunks ahead of its reader: one left behind uncancelled would hold the
 * slot for good, and the next request would fail as busy after the queue timeout. The long timeout keeps a slow
 * machine from failing a correct server; nothing here depends on how fast a token is.
 */
@Timeout(120)
class CancellationTest {
    private static final String UNBOUNDED = "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\",\"raw\":true,"
            + "\"options\":{\"temperature\":0}}";
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
        for (String path : new String[] {"/api/generate", "/v1/completions"}) {
            String body = path.startsWith("/v1")
                    ? "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\",\"stream\":true,\"temperature\":0,\"max_tokens\":16000}"
                    : UNBOUNDED;
            try (var socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertTrue(in.readLine().startsWith("HTTP/1.1 200"));
                int pieces = 0;
                for (String line; pieces < 5 && (line = in.readLine()) != null; ) {
                    if (line.startsWith("{") || line.startsWith("data: {")) {
                        pieces++;
                    }
                }
                assertEquals(5, pieces, "the stream started");
            }
            var next = Http.post(server.url() + "/api/generate",
                    "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":3}}");
            assertEquals(200, next.statusCode(), path + ": the model was still busy: " + next.body());
        }
    }
}
