package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A client that goes away mid-stream cancels its generation and frees the model's only slot at once. The server
 * has one slot per model and a 1.5 s wait for it: a generation left running (several seconds for a 4k context)
 * would make the next request fail as busy.
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
                RunnerSettings.defaults().withQueueTimeout(Duration.ofMillis(1500)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theUncancelledGenerationWouldHoldTheSlotPastTheQueueTimeout() throws Exception {
        long start = System.nanoTime();
        var r = Http.post(server.url() + "/api/generate", UNBOUNDED.replace("\"raw\":true,", "\"raw\":true,\"stream\":false,"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, r.statusCode(), r.body());
        int tokens = new ObjectMapper().readTree(r.body()).get("eval_count").asInt();
        assertTrue(millis > 2000 || tokens > 3000, "the test needs a generation that outlasts the 1.5 s queue "
                + "timeout; this one took " + millis + " ms for " + tokens + " tokens");
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
