package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The helix command as a user runs it: a real child process, its exit status and what it prints. */
@Tag(TestEngine.TAG)
@Timeout(180)
class CliTest {
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    private static CliProcess helix;

    @BeforeAll
    static void setUp() {
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        helix = new CliProcess(home);
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void versionAndHelp() {
        var version = helix.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("helix "), version.out());
        for (String command : List.of("serve", "models", "run", "show")) {
            var help = helix.run(command, "--help");
            assertEquals(0, help.exit(), command);
            assertTrue(help.out().contains("Usage: helix " + command), help.out());
        }
    }

    @Test
    void aWrongFlagIsOneClearLineAndExitTwo() {
        var r = helix.run("serve", "--prot", "8080");
        assertEquals(2, r.exit());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("helix: Unknown option") && lines.get(0).contains("'--prot'"), lines.get(0));
        assertEquals("", r.out());
    }

    @Test
    void aMissingModelFileIsOneClearLineAndExitOne() {
        var r = helix.run("run", "./no/such/model.gguf", "Hello");
        assertEquals(1, r.exit());
        assertEquals(List.of("helix: model file not found: ./no/such/model.gguf"), r.err().lines().toList());
        var unknown = helix.run("run", "nope", "Hello", "--models-dir", models.toString(), "--local");
        assertEquals(1, unknown.exit());
        assertEquals(List.of("helix: model \"nope\" not found (looked in " + models + ")"), unknown.err().lines().toList());
    }

    @Test
    void runStreamsAGreedyAnswerLocallyTheSameEachTime() {
        String[] args = {"run", "tiny", "Once upon a time", "--models-dir", models.toString(), "--local",
                "--temperature", "0", "--max-tokens", "12"};
        var first = helix.run(args);
        assertEquals(0, first.exit(), first.err());
        assertFalse(first.out().isBlank());
        assertEquals(first.out(), helix.run(args).out());
        var byPath = helix.run("run", models.resolve("tiny.gguf").toString(), "Once upon a time", "--temperature", "0",
                "--max-tokens", "12");
        assertEquals(first.out(), byPath.out());
    }

    @Test
    void modelsAndShowReadTheFilesWithoutAServer() throws Exception {
        var list = helix.run("models", "--models-dir", models.toString(), "--port", Integer.toString(freePort()));
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("tiny ") && l.contains("llama")), list.out());
        var show = helix.run("show", "tiny", "--models-dir", models.toString());
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("architecture") && show.out().contains("llama"), show.out());
        var template = helix.run("show", "tiny", "--template", "--models-dir", models.toString());
        assertTrue(template.out().contains("im_start"), template.out());
    }

    @Test
    void serveAnswersAndTheOtherCommandsUseIt() throws Exception {
        List<ProcessHandle> runners;
        Process serve = helix.builder("serve", "--port", "0", "--models-dir", models.toString())
                .redirectErrorStream(true).start();
        try (var reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            int port = ServeOutput.listeningPort(reader);
            assertTrue(port > 0, "serve never said where it listens");
            var http = HttpClient.newHttpClient();
            var root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("Ollama is running", root.body());

            var run = helix.run("run", "tiny", "Once upon a time", "--port", Integer.toString(port), "--temperature",
                    "0", "--max-tokens", "12");
            assertEquals(0, run.exit(), run.err());
            var local = helix.run("run", "tiny", "Once upon a time", "--models-dir", models.toString(), "--local",
                    "--temperature", "0", "--max-tokens", "12");
            assertEquals(local.out(), run.out(), "the server and a local run give the same greedy answer");

            var list = helix.run("models", "--port", Integer.toString(port));
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("tiny:latest") && l.contains("until")), list.out());
            assertTrue(list.out().contains("from the server at"), list.out());
        } finally {
            runners = serve.descendants().toList();
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
        assertFalse(runners.isEmpty(), "the server ran the model in a runner process");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runners.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(runners.stream().noneMatch(ProcessHandle::isAlive), "runners outlived the server: " + runners);
    }
}
