package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that goes away mid-stream cancels its generation and frees the model's only slot. The model has one slot,
 * and a generation runs at most a window of chunks ahead of its reader: one left behind uncancelled would hold the
 * slot for good, and the next request would fail as busy after the queue timeout. The long timeout keeps a slow
 * machine from failing a correct server; nothing here depends on how fast a token is.
 */
@Timeout(300)
@Tag(TestEngine.TAG)
class CancellationTest {
    private static final String MESSAGES = "[{\"role\":\"user\",\"content\":\"Once upon a time\"}]";

    /** A streamed request that would run until the context is full, and what marks a piece of its text. */
    private record Unbounded(String path, String body, String textMarker) {}

    /** Every API that streams a generation: Ollama's, OpenAI's completions, and the three chat APIs. */
    private static final java.util.List<Unbounded> STREAMS = java.util.List.of(
            new Unbounded("/api/generate", "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\",\"raw\":true,"
                    + "\"options\":{\"temperature\":0}}", "\"response\""),
            new Unbounded("/v1/completions", "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\",\"stream\":true,"
                    + "\"temperature\":0,\"max_tokens\":16000}", "\"text\""),
            new Unbounded("/v1/chat/completions", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,"
                    + "\"max_tokens\":16000,\"messages\":" + MESSAGES + "}", "delta"),
            new Unbounded("/v1/responses", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,"
                    + "\"max_output_tokens\":16000,\"input\":\"Once upon a time\"}", "delta"),
            new Unbounded("/v1/messages", "{\"model\":\"tiny\",\"stream\":true,\"temperature\":0,"
                    + "\"max_tokens\":16000,\"messages\":" + MESSAGES + "}", "delta"));
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
        for (Unbounded stream : STREAMS) {
            String path = stream.path();
            String body = stream.body();
            try (var socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                assertTrue(status.startsWith("HTTP/1.1 200"), path + ": " + status);
                int pieces = 0;
                for (String line; pieces < 5 && (line = in.readLine()) != null; ) {
                    if (line.contains(stream.textMarker())) {
                        pieces++; // text is flowing: the generation holds the slot
                    }
                }
                assertEquals(5, pieces, path + ": the stream started");
            }
            var next = Http.post(server.url() + "/api/generate",
                    "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":3}}");
            assertEquals(200, next.statusCode(), path + ": the model was still busy: " + next.body());
        }
    }
}
