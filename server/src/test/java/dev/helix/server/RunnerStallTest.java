package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.KeepAlive;
import dev.helix.router.Lease;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerProvider;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.ManualTicker;
import dev.helix.runtime.testing.Processes;
import dev.helix.runtime.testing.TestEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, defect 4: a runner stopped with SIGSTOP hung its requests without limit, not even headers. Now the
 * requests it was serving end with the stall in each API's error shape, it is killed, and the next request gets a
 * new runner. Time is a ticker the test moves, so no step depends on how fast this machine is.
 */
@Timeout(180)
@Tag(TestEngine.TAG)
class RunnerStallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ManualTicker TICKER = new ManualTicker();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(RouterSettings.DEFAULTS.withQueueTimeout(Duration.ofSeconds(60))
                        .withDefaultKeepAlive(KeepAlive.FOREVER),
                ModelLoadOptions.DEFAULTS.withContextSize(4096).withParallel(2),
                RunnerSettings.defaults().withClock(TICKER));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long runnerPid() {
        try (Lease lease = server.router().acquireLocal("tiny")) {
            return ((RunnerProvider) lease.provider()).pid();
        }
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Moves time past the stall limit until {@code done} completes (at most 60 s of real time). */
    private static void silenceUntil(CompletableFuture<?> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.isDone()) {
            assertTrue(System.nanoTime() - deadline < 0, "still hanging 60 s after the runner stopped");
            TICKER.advance(RunnerSettings.DEFAULT_STALL_TIMEOUT.plusSeconds(1));
            try {
                done.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the watch looks once a second of real time
            }
        }
    }

    @Test
    void aStoppedRunnersRequestsGetTheReasonInTheirApisShapeAndTheNextRequestANewRunner() throws Exception {
        assertEquals(200, Http.post(server.url() + "/api/generate",
                "{\"model\":\"tiny\",\"prompt\":\"Hi\",\"stream\":false,\"options\":{\"num_predict\":2}}").statusCode());
        long pid = runnerPid();
        try {
            HttpResponse<java.util.stream.Stream<String>> streamed = CLIENT.send(post("/api/generate",
                    "{\"model\":\"tiny\",\"prompt\":\"Once upon a time\",\"raw\":true,\"options\":{\"temperature\":0}}"),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, streamed.statusCode());
            Iterator<String> lines = streamed.body().iterator();
            assertTrue(JSON.readTree(lines.next()).has("response"), "the stream started");
            Processes.stop(pid);

            CompletableFuture<String> lastLine = CompletableFuture.supplyAsync(() -> {
                String last = null;
                while (lines.hasNext()) {
                    last = lines.next();
                }
                return last;
            });
            CompletableFuture<HttpResponse<String>> waiting = CLIENT.sendAsync(post("/v1/chat/completions",
                    "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":4}"),
                    HttpResponse.BodyHandlers.ofString());
            silenceUntil(CompletableFuture.allOf(lastLine, waiting));

            JsonNode end = JSON.readTree(lastLine.get());
            assertTrue(end.path("error").asText().contains("stopped answering: no token or heartbeat"),
                    "the Ollama stream ends with an error line: " + end);
            HttpResponse<String> refused = waiting.get();
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(List.of("1"), refused.headers().allValues("Retry-After"));
            JsonNode error = JSON.readTree(refused.body()).path("error");
            assertEquals("overloaded", error.path("code").asText(), refused.body());
            assertTrue(error.path("message").asText().contains("stopped answering"), refused.body());
            assertTrue(Processes.awaitGone(pid), "the stalled runner was killed");

            var next = Http.post(server.url() + "/v1/chat/completions",
                    "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":3}");
            assertEquals(200, next.statusCode(), next.body());
            assertNotEquals(pid, runnerPid(), "a new runner serves the model");
        } finally {
            Processes.resume(pid);
        }
    }
}
