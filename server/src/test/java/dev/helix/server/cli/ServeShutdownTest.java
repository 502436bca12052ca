package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, defect 8, end to end: a real {@code helix serve} child process gets a real SIGTERM while two streams (one
 * OpenAI, one Ollama) are held open by gates in fake upstreams, and a local model has a runner process. The streams
 * finish whole, or end with the error in their API's shape at the deadline; the process exits; no runner is left.
 * A second signal ends it at once. Nothing depends on speed: gates hold the streams, log lines say when the signal
 * was taken, and every wait is a hang guard.
 */
@Tag(TestEngine.TAG)
@Timeout(180)
class ServeShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GUARD_S = 60;

    @TempDir
    Path home;

    private final List<FakeUpstream> upstreams = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Process process;
    private java.util.concurrent.CompletableFuture<Void> logDrained;
    private int port;

    @BeforeEach
    void fakes() {
        for (int i = 0; i < 2; i++) {
            var upstream = FakeUpstream.start(ServerKind.LLAMA_SERVER);
            var gate = new Gate();
            upstream.script(upstream.script().withModel("gated-" + i).withTokens("one", " two", " three"));
            upstream.inject(new Fault.Slow(gate));
            upstreams.add(upstream);
            gates.add(gate);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        gates.forEach(Gate::open);
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(GUARD_S, TimeUnit.SECONDS);
        }
        upstreams.forEach(FakeUpstream::close);
        http.shutdownNow();
    }

    private void serve(String shutdownTimeout) throws Exception {
        Path models = Files.createDirectories(home.resolve("models"));
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        var yaml = new StringBuilder("models_dir: " + models + "\ndiscovery:\n  enabled: false\nproviders:\n");
        for (int i = 0; i < upstreams.size(); i++) {
            yaml.append("  up").append(i).append(":\n    type: llama-server\n    endpoint: ")
                    .append(upstreams.get(i).baseUri()).append("\n    parameters:\n      timeout: 10m\n");
        }
        yaml.append("server:\n  shutdown_timeout: ").append(shutdownTimeout).append('\n');
        Path config = Files.writeString(home.resolve("models.yaml"), yaml);
        process = new CliProcess(home).builder("serve", "--port", "0", "--config", config.toString())
                .redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var startUp = ServeOutput.startUp(reader);
        port = startUp.port();
        assertTrue(port > 0, "serve never said where it listens: " + startUp.lines());
        logDrained = java.util.concurrent.CompletableFuture.runAsync(() -> reader.lines().forEach(log::add),
                task -> Thread.ofPlatform().daemon().start(task));
        awaitModels("gated-0", "gated-1");
    }

    private void awaitModels(String... names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_S);
        while (System.nanoTime() < deadline) {
            String body = get("/v1/models").body();
            if (Stream.of(names).allMatch(n -> body.contains("\"" + n + "\""))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upstream models were never listed");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Loads the local model, so that a runner process runs; returns the server's child processes. */
    private List<ProcessHandle> startRunner() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/generate"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"hi\",\"stream\":false,"
                        + "\"options\":{\"num_predict\":2}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        List<ProcessHandle> children = process.descendants().toList();
        assertFalse(children.isEmpty(), "the model runs in a runner process");
        return children;
    }

    /** Starts a stream on model gated-i and reads up to its first token, which its gate lets out. */
    private Iterator<String> stream(int i, boolean openAi) throws Exception {
        gates.get(i).allow(1);
        String body = "{\"model\":\"gated-" + i + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + (openAi ? "/v1/chat/completions" : "/api/chat"))).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            if (lines.next().contains("one")) {
                return lines;
            }
        }
        throw new AssertionError("the stream ended before its first token");
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

    /** SIGTERM through the process handle: Process.destroy() would also close our end of its output. */
    private void sigterm() {
        assertTrue(process.toHandle().destroy(), "SIGTERM sent");
    }

    private void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_S);
        while (log.stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("serve never logged \"" + text + "\": " + log);
            }
            Thread.sleep(10);
        }
    }

    private void assertExitsAndLeavesNoRunner(int status, List<ProcessHandle> runners) throws Exception {
        assertTrue(process.waitFor(GUARD_S, TimeUnit.SECONDS), "serve exits: " + log);
        logDrained.get(GUARD_S, TimeUnit.SECONDS);
        assertEquals(status, process.exitValue(), String.join("\n", log));
        for (ProcessHandle runner : runners) {
            runner.onExit().get(GUARD_S, TimeUnit.SECONDS);
            assertFalse(runner.isAlive(), "runner " + runner.pid() + " is gone");
        }
    }

    @Test
    void streamsRunningAtSigtermFinishWholeThenTheServerAndItsRunnersStop() throws Exception {
        serve("60s");
        List<ProcessHandle> runners = startRunner();
        Iterator<String> openAi = stream(0, true);
        Iterator<String> ollama = stream(1, false);

        sigterm();
        awaitLog("shutting down: 2 requests still working");
        assertTrue(process.isAlive(), "it waits for the streams");
        gates.forEach(Gate::open);

        List<String> openAiRest = rest(openAi);
        assertTrue(String.join("", openAiRest).contains(" three"), openAiRest.toString());
        assertEquals("data: [DONE]", openAiRest.getLast());
        JsonNode last = JSON.readTree(rest(ollama).getLast());
        assertTrue(last.path("done").asBoolean(), last.toString());
        assertExitsAndLeavesNoRunner(0, runners);
    }

    @Test
    void streamsStillRunningAtTheDeadlineEndWithTheirApisErrorAndTheServerStops() throws Exception {
        serve("1s");
        List<ProcessHandle> runners = startRunner();
        Iterator<String> openAi = stream(0, true);
        Iterator<String> ollama = stream(1, false);

        sigterm(); // the gates stay closed, so neither stream can finish

        List<String> openAiRest = rest(openAi);
        JsonNode event = JSON.readTree(openAiRest.getLast().substring("data: ".length()));
        assertTrue(event.path("error").path("message").asText().contains("shutting down"), openAiRest.toString());
        assertFalse(openAiRest.contains("data: [DONE]"));
        JsonNode line = JSON.readTree(rest(ollama).getLast());
        assertTrue(line.path("error").asText().contains("shutting down"), line.toString());
        assertExitsAndLeavesNoRunner(0, runners);
        assertTrue(log.stream().anyMatch(l -> l.contains("ending 2 requests still working")), String.join("\n", log));
    }

    @Test
    void aSecondSignalStopsAtOnce() throws Exception {
        serve("10m");
        List<ProcessHandle> runners = startRunner();
        Iterator<String> openAi = stream(0, true);

        sigterm();
        awaitLog("shutting down: 1 request still working");
        sigterm(); // well within the ten minutes
        assertExitsAndLeavesNoRunner(143, runners);
        assertTrue(log.stream().anyMatch(l -> l.contains("SIGTERM again: stopping now")), String.join("\n", log));
        try {
            rest(openAi); // cut: whatever came, it ends
        } catch (java.io.UncheckedIOException cut) {
            // the connection closed mid-body
        }
    }
}
