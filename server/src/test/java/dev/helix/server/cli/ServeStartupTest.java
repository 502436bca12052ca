package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.BrokenModels;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code helix serve} says when it starts: where it looked when it found no model, and the files it cannot read. */
@Tag(TestEngine.TAG)
@Timeout(180)
class ServeStartupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    /** A running {@code helix serve}, its start-up output, and the port it listens on. */
    private record Serve(Process process, ServeOutput.StartUp startUp, List<String> later) implements AutoCloseable {
        int port() {
            return startUp.port();
        }

        /** Waits (a hang guard only) until {@code n} lines after start-up contain {@code text}; returns them all. */
        List<String> awaitLater(String text, int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (later.stream().filter(l -> l.contains(text)).count() < n && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return List.copyOf(later);
        }

        List<String> lines() {
            return startUp.lines();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    private Serve serve(String... args) throws Exception {
        var command = new ArrayList<>(List.of("serve", "--port", "0"));
        command.addAll(List.of(args));
        Process process = new CliProcess(home).builder(command.toArray(String[]::new)).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var startUp = ServeOutput.startUp(reader);
        assertTrue(startUp.port() > 0, "serve never said where it listens: " + startUp.lines());
        var later = new java.util.concurrent.CopyOnWriteArrayList<String>();
        Thread.ofPlatform().daemon().start(() -> reader.lines().forEach(later::add)); // keep the pipe drained
        return new Serve(process, startUp, later);
    }

    private JsonNode get(int port, String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private List<String> tags(int port) throws Exception {
        var names = new ArrayList<String>();
        get(port, "/api/tags").path("models").forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    private List<String> openAiModels(int port) throws Exception {
        var ids = new ArrayList<String>();
        get(port, "/v1/models").path("data").forEach(m -> ids.add(m.path("id").asText()));
        return ids;
    }

    @Test
    void withNoModelsItSaysWhereItLookedAndHowToAddOneAndKeepsServing(@TempDir Path parent) throws Exception {
        Path models = parent.resolve("models");
        try (var serve = serve("--models-dir", models.toString())) {
            List<String> lines = serve.lines();
            assertTrue(lines.contains("No models to serve yet. Helix looked in:"), String.join("\n", lines));
            assertTrue(lines.contains("  models folder: " + models + " (does not exist)"), String.join("\n", lines));
            assertTrue(lines.contains("  config file:   " + home.resolve(".helix/models.yaml")
                    + " (does not exist; --config FILE or HELIX_CONFIG name another)"), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("To add a model, copy a .gguf file into the models "
                    + "folder")), String.join("\n", lines));
            int example = lines.indexOf("  models:");
            assertTrue(example > 0 && lines.get(example + 1).equals("    - {id: my-model, path: /path/to/my-model.gguf}"),
                    String.join("\n", lines));
            assertTrue(lines.stream().noneMatch(l -> l.contains("WARN") || l.contains("ERROR")), String.join("\n", lines));

            assertEquals("0.12.0", get(serve.port(), "/api/version").path("version").asText());
            assertEquals(List.of(), tags(serve.port()));
            Files.createDirectories(models);
            TestModels.copyOf(TestModels.tiny(), models, "later.gguf");
            assertEquals(List.of("later:latest"), tags(serve.port()), "a model copied in is served without a restart");
        }
    }

    @Test
    void theExampleInTheNoticeIsAValidConfigFile(@TempDir Path parent) throws Exception {
        Path model = TestModels.copyOf(TestModels.tiny(), parent, "my-model.gguf");
        Path config = Files.writeString(parent.resolve("models.yaml"),
                "models:\n    - {id: my-model, path: " + model + "}\n");
        var list = new CliProcess(home).run("models", "--config", config.toString(), "--models-dir",
                parent.resolve("empty").toString(), "--port", "1");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("my-model ")), list.out());
    }

    @Test
    void filesThatAreNotModelsAreNamedOnceEachAtStartAndNotListed(@TempDir Path models) throws Exception {
        TestModels.copyOf(TestModels.tiny(), models, "good.gguf");
        Path text = BrokenModels.notAModel(models, "broken.gguf");
        Path empty = BrokenModels.empty(models, "empty.gguf");
        Path truncated = BrokenModels.truncated(TestModels.tiny(), models, "truncated.gguf");
        try (var serve = serve("--models-dir", models.toString())) {
            List<String> warnings = serve.lines().stream().filter(l -> l.contains("[WARN]")).toList();
            assertEquals(3, warnings.size(), String.join("\n", serve.lines()));
            for (Path file : List.of(text, empty, truncated)) {
                assertEquals(1, warnings.stream().filter(l -> l.contains(file + " is not served: ")).count(),
                        file + " in " + warnings);
            }
            assertTrue(warnings.stream().anyMatch(l -> l.endsWith(empty + " is not served: not a GGUF file: only 0 bytes")),
                    String.join("\n", warnings));
            assertTrue(serve.lines().stream().noneMatch(l -> l.startsWith("No models")), "there is one");

            assertEquals(List.of("good:latest"), tags(serve.port()));
            assertEquals(List.of("good"), openAiModels(serve.port()));
            var fromServer = new CliProcess(home).run("models", "--port", Integer.toString(serve.port()));
            assertEquals(0, fromServer.exit(), fromServer.err());
            assertEquals(List.of("good:latest"), fromServer.out().lines().skip(1)
                    .takeWhile(l -> !l.startsWith("(")).map(l -> l.split("\\s+")[0]).toList(), fromServer.out());
        }

        var local = new CliProcess(home).run("models", "--models-dir", models.toString(), "--port", "1");
        assertEquals(0, local.exit(), local.err());
        List<String> lines = local.out().lines().toList();
        assertTrue(lines.get(1).startsWith("good "), local.out());
        assertTrue(lines.contains("not served: " + empty + ": not a GGUF file: only 0 bytes"), local.out());
        assertEquals(3, lines.stream().filter(l -> l.startsWith("not served: ")).count(), local.out());
        assertEquals("", local.err());
    }

    @Test
    void modelsWithOnlyUnreadableFilesNamesThemAndSaysHowToAddOne(@TempDir Path models) {
        Path empty = BrokenModels.empty(models, "empty.gguf");
        var r = new CliProcess(home).run("models", "--models-dir", models.toString(), "--port", "1");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("not served: " + empty + ": not a GGUF file: only 0 bytes", lines.get(0));
        assertEquals("No models to serve yet. Helix looked in:", lines.get(1));
        assertEquals("  models folder: " + models + " (1 .gguf file in it cannot be read, see above)", lines.get(2));
    }

    @Test
    void configuredModelsWhoseFilesAreMissingOrUnreadableAreReportedAndKept(@TempDir Path dir) throws Exception {
        Path broken = BrokenModels.notAModel(dir, "mine.gguf");
        Path config = Files.writeString(dir.resolve("models.yaml"), "models:\n"
                + "  - {id: gone, path: " + dir.resolve("nowhere/gone.gguf") + "}\n"
                + "  - {id: mine, path: " + broken + "}\n");
        try (var serve = serve("--config", config.toString(), "--models-dir", dir.resolve("empty").toString())) {
            List<String> warnings = serve.lines().stream().filter(l -> l.contains("[WARN]")).toList();
            assertEquals(2, warnings.size(), String.join("\n", serve.lines()));
            assertTrue(warnings.get(0).contains("models.yaml entry \"mine\": " + broken + " is not a readable GGUF "
                    + "file: not a GGUF file"), warnings.get(0));
            assertTrue(warnings.get(1).contains("models.yaml entry \"gone\": file not found: "
                    + dir.resolve("nowhere/gone.gguf")), warnings.get(1));
            assertEquals(List.of("gone:latest", "mine:latest"), tags(serve.port()),
                    "listed, so a request gets the reason rather than \"not found\"");
        }
    }

    @Test
    void aRequestForWhatHelixDoesNotDoIsOneLogLineNotAStackTrace(@TempDir Path models) throws Exception {
        try (var serve = serve("--models-dir", models.toString())) {
            for (int i = 0; i < 3; i++) {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port()
                        + "/api/push")).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"x\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(501, response.statusCode());
            }
            List<String> log = serve.awaitLater("/api/push", 3);
            assertEquals(3, log.stream().filter(l -> l.contains("/api/push")).count(), String.join("\n", log));
            assertTrue(log.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception")),
                    String.join("\n", log));
        }
    }
}
