package dev.helix.server.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.providers.managed.ProcessEvent;
import dev.helix.providers.managed.ProcessEventListener;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestModels;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second Helix, a real child JVM serving a generated model, as a managed provider of a first one: started by the
 * first request that names its model, used, killed with SIGKILL and restarted by Helix, stopped and started over
 * HTTP, and stopped with Helix, every process it ran (watchdog, server, its runner) counted and gone.
 */
@Timeout(300)
class ManagedHelixTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<ProcessEvent> events = new LinkedBlockingQueue<>();

    /** The command line of a child Helix serving {@code models}; {@code marker} is in its command line. */
    static List<String> childHelix(Path home, Path models) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + home, "-cp",
                System.getProperty("java.class.path"), "dev.helix.server.cli.Main", "serve", "--port", "{port}",
                "--models-dir", models.toString(), "--keep-alive", "-1");
    }

    private HelixConfig config(String providers) throws Exception {
        Path outerModels = Files.createDirectories(dir.resolve("outer-models"));
        Path yaml = Files.writeString(dir.resolve("models.yaml"), """
                models_dir: %s
                discovery: {enabled: false}
                providers:
                %s
                """.formatted(outerModels, providers.indent(2)));
        return HelixConfig.load(yaml, dir.resolve("home"));
    }

    private JsonNode post(int port, String path, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        var json = JSON.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("http_status", response.statusCode());
        return json;
    }

    private JsonNode managed(int port, String name) throws Exception {
        var body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/helix/providers")).build(), HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode m : body.path("managed")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no managed provider " + name + " in " + body);
    }

    private static String chat(String model) {
        return """
                {"model": "%s", "messages": [{"role": "user", "content": "Tell me a story"}], "max_tokens": 8,
                 "temperature": 0}""".formatted(model);
    }

    @SuppressWarnings("unchecked")
    private <T extends ProcessEvent> T next(Class<T> type) throws InterruptedException {
        while (true) {
            ProcessEvent e = events.poll(120, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event within 120 s");
            }
            if (type.isInstance(e)) {
                return (T) e;
            }
        }
    }

    /** The watchdog, the server and everything under it, while they run. */
    private static List<ProcessHandle> tree(long serverPid) {
        var server = ProcessHandle.of(serverPid).orElseThrow(() -> new AssertionError("server " + serverPid + " gone"));
        var all = new ArrayList<ProcessHandle>();
        server.parent().ifPresent(all::add);
        all.add(server);
        all.addAll(server.descendants().toList());
        return all;
    }

    private static void awaitGone(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle p : processes) {
            p.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSecondHelixIsStartedOnFirstRequestRestartedAfterSigkillAndStoppedWithHelix() throws Exception {
        Path innerModels = Files.createDirectories(dir.resolve("inner-models"));
        TestModels.copyOf(TestModels.tiny(), innerModels, "tiny.gguf");
        String command = JSON.writeValueAsString(childHelix(dir.resolve("inner-home"), innerModels));
        HelixConfig config = config("""
                inner:
                  type: helix
                  models: [tiny]
                  parameters: {timeout: 120s, max_retries: 0}
                  managed:
                    command: %s
                    start_timeout: 120s
                    stop_grace: 10s
                    restart: {max_restarts: 3, initial_delay: 10ms, max_delay: 10ms}
                """.formatted(command));
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, router, ProcessEventListener.log().and(events::add));
        router.attach(upstreams);
        upstreams.checkNow();
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test-outer");
        List<ProcessHandle> last;
        try {
            int port = server.port();
            assertEquals("STOPPED", managed(port, "inner").path("state").asText(), "nothing runs before it is needed");
            assertTrue(events.isEmpty(), events.toString());

            JsonNode first = post(port, "/v1/chat/completions", chat("tiny"));
            assertEquals(200, first.path("http_status").asInt(), first.toString());
            assertFalse(first.at("/choices/0/message/content").asText().isEmpty(), first.toString());
            var started = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Ready.class);
            JsonNode running = managed(port, "inner");
            assertEquals("RUNNING", running.path("state").asText());
            long pid = running.path("pid").asLong();
            assertEquals(started.pid(), pid);
            var killedTree = tree(pid);
            assertTrue(killedTree.size() >= 3, "watchdog, child Helix and its runner: " + killedTree);

            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            var exited = next(ProcessEvent.Exited.class);
            assertTrue(exited.why().contains("killed by signal 9"), exited.why());
            awaitGone(killedTree); // its runner too: nothing of the killed server is left
            assertEquals(1, next(ProcessEvent.Restarting.class).attempt());
            var restarted = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Ready.class);
            assertNotEquals(pid, restarted.pid());

            JsonNode second = post(port, "/v1/chat/completions", chat("tiny"));
            assertEquals(200, second.path("http_status").asInt(), second.toString());
            assertEquals(first.at("/choices/0/message/content").asText(),
                    second.at("/choices/0/message/content").asText(), "greedy: the same answer from the restarted one");
            assertEquals(1, managed(port, "inner").path("restarts").asInt());

            var stoppedTree = tree(restarted.pid());
            JsonNode stop = post(port, "/helix/providers/inner/stop", "");
            assertEquals("STOPPED", stop.at("/provider/state").asText(), stop.toString());
            for (ProcessHandle p : stoppedTree) {
                assertFalse(p.isAlive(), "stop returns once everything is gone: " + p.info());
            }
            JsonNode start = post(port, "/helix/providers/inner/start", "");
            assertEquals(200, start.path("http_status").asInt(), start.toString());
            var third = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Ready.class);
            assertEquals(0, managed(port, "inner").path("restarts").asInt(), "a user's start counts afresh");
            last = tree(third.pid());
            String log = Files.readString(dir.resolve("home/.helix/logs/inner.log"));
            assertTrue(log.contains("listening on http://127.0.0.1:"), "the child's output is logged: " + log);
            assertEquals(3, log.lines().filter(l -> l.startsWith("[helix] starting: ")).count(), log);
        } finally {
            server.close();
            router.close();
        }
        assertTrue(last.size() >= 2, last.toString());
        long left = last.stream().filter(ProcessHandle::isAlive).count();
        assertEquals(0, left, "processes left after Helix stopped: " + last.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
        assertEquals(0, ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                .contains(dir.resolve("inner-home").toString())).count(), "no child Helix left anywhere");
        next(ProcessEvent.Stopped.class);
    }

    @Test
    void aServerThatNeverBecomesReadyFailsTheRequestClearlyAndLeavesNothingRunning() throws Exception {
        HelixConfig config = config("""
                ghost:
                  type: llama-server
                  models: [ghost-model]
                  managed:
                    command: [sh, -c, "echo warming up; exec sleep 1000", "%s"]
                    start_timeout: 1s
                    restart: {max_restarts: 0}
                """.formatted(dir));
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, router, events::add);
        router.attach(upstreams);
        upstreams.checkNow();
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test-outer");
        try (router; server) {
            JsonNode answer = post(server.port(), "/v1/chat/completions", chat("ghost-model"));
            assertEquals(500, answer.path("http_status").asInt(), answer.toString());
            String message = answer.at("/error/message").asText();
            assertTrue(message.contains("ghost failed: did not become ready within 1 s"), message);
            assertTrue(message.contains("warming up"), "the server's last words: " + message);
            assertTrue(message.contains("ghost.log"), "where to look: " + message);
            var starting = next(ProcessEvent.Starting.class);
            next(ProcessEvent.Failed.class);
            var handle = ProcessHandle.of(starting.pid());
            assertTrue(handle.isEmpty() || !handle.get().isAlive(), "the sleep was killed");
            assertEquals("FAILED", managed(server.port(), "ghost").path("state").asText());
            assertEquals(0, ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains(dir.toString())).count(), "nothing left running");
        }
    }
}
