package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped artifact: {@code java -jar helix.jar} and nothing else, runners started from that same jar. */
@Timeout(180)
class HelixJarIT {
    private static final Path JAR = Path.of("target", "helix.jar");

    private static ProcessBuilder java(Path home, String... args) {
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HELIX_"));
        return builder;
    }

    @Test
    void theJarServesAModelThroughARunnerStartedFromItself(@TempDir Path home, @TempDir Path models) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");

        Process version = java(home, "--version").start();
        assertTrue(version.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, version.exitValue());
        assertTrue(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("helix "));

        Process serve = java(home, "serve", "--port", "0", "--models-dir", models.toString()).start();
        List<ProcessHandle> runners;
        try (var reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            int port = ServeOutput.listeningPort(reader);
            assertTrue(port > 0, "serve never said where it listens");
            var http = HttpClient.newHttpClient();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertFalse(new ObjectMapper().readTree(response.body()).at("/choices/0/message/content").asText().isEmpty());
            runners = serve.descendants().toList();
            assertEquals(1, runners.size(), "one runner for one model");
            assertTrue(runners.get(0).info().commandLine().orElse("").contains("helix.jar"),
                    "the runner runs from the same jar: " + runners.get(0).info().commandLine());
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (runners.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(runners.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aFailureIsOneLineFromTheJarToo(@TempDir Path home, @TempDir Path models) throws Exception {
        Path hollow = TestModels.headerOnly(models, "hollow.gguf");
        Process run = java(home, "run", hollow.toString(), "Hi").redirectErrorStream(false)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, run.exitValue(), err);
        assertEquals("", out);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "no log or llama.cpp line before the error:\n" + err);
        assertTrue(lines.get(0).startsWith("helix: llama.cpp could not load " + hollow), lines.get(0));
    }
}
