package dev.helix.server.reload;

import dev.helix.runtime.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
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
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * models.yaml edited under a running server: a model added, one removed, an alias changed, each served without a
 * restart; an invalid edit rejected with its problems while the server keeps serving what it served.
 */
@Timeout(180)
@Tag(TestEngine.TAG)
class HotReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Replaces the file as editors do: written aside, then moved over it. */
    private void edit(Path yaml, String text) throws Exception {
        Path aside = Files.writeString(dir.resolve("models.yaml.tmp"), text);
        Files.move(aside, yaml, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String yaml(Path models, Path model, String entries) {
        return """
                models_dir: %s
                defaults: {engine: %s}
                models:
                %s
                """.formatted(models, TestEngine.engine().wireName(), entries.formatted(model, model).indent(2));
    }

    private Set<String> listed(int port) throws Exception {
        JsonNode body = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString()).body());
        var names = new TreeSet<String>();
        body.path("data").forEach(m -> names.add(m.path("id").asText()));
        return names;
    }

    private Set<String> awaitListed(int port, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> now = listed(port);
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = listed(port);
        }
        return now;
    }

    private int chat(int port, String model) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}"""
                        .formatted(model))).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void addRemoveAndRenameWithoutARestartAndAnInvalidEditIsRejected() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path model = TestModels.copyOf(TestModels.tiny(), dir, "tiny.gguf");
        Path yaml = Files.writeString(dir.resolve("models.yaml"), yaml(models, model, """
                - {id: first, path: %s, aliases: [t1]}"""));
        HelixConfig config = HelixConfig.load(yaml, dir);
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        var reloader = new ConfigReloader(() -> HelixConfig.load(yaml, dir), router, config);
        int port = server.port();
        try (router; server; var watcher = new ConfigWatcher(yaml, reloader)) {
            assertEquals(Set.of("first"), listed(port), "aliases are not listed; they answer");
            assertEquals(200, chat(port, "t1"));

            edit(yaml, yaml(models, model, """
                    - {id: first, path: %s, aliases: [t1]}
                    - {id: second, path: %s}"""));
            assertEquals(Set.of("first", "second"), awaitListed(port, Set.of("first", "second")));
            assertEquals(200, chat(port, "second"));

            edit(yaml, yaml(models, model, """
                    - {id: second, path: %s, aliases: [t2]}"""));
            assertEquals(Set.of("second"), awaitListed(port, Set.of("second")));
            assertEquals(404, chat(port, "first"), "a removed model is gone");
            assertEquals(404, chat(port, "t1"), "so is its alias");
            assertEquals(200, chat(port, "t2"), "the new alias serves");
            long unloadBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (router.loaded().stream().anyMatch(m -> m.entry().id().equals("first"))
                    && System.nanoTime() < unloadBy) {
                Thread.sleep(20);
            }
            assertTrue(router.loaded().stream().noneMatch(m -> m.entry().id().equals("first")),
                    "the removed model is unloaded: " + router.loaded());

            edit(yaml, """
                    models_dir: %s
                    max_loaded_models: many
                    models:
                      - {id: broken}
                    """.formatted(models));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((reloader.last() == null || reloader.last().applied()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var rejected = reloader.last();
            assertFalse(rejected.applied(), "the invalid edit was never read");
            assertEquals(2, rejected.problems().size(), "every problem at once: " + rejected.problems());
            assertTrue(rejected.problems().stream().anyMatch(p -> p.endsWith("models[0].path: required")),
                    rejected.problems().toString());
            assertEquals(Set.of("second"), listed(port), "the configuration in force stays");
            assertEquals(200, chat(port, "t2"), "and serves");
        }
    }

    private JsonNode reload(int port, int expectedStatus) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/helix/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void postReloadAppliesAnEditAtOnceOrSaysWhyNot() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path model = TestModels.copyOf(TestModels.tiny(), dir, "tiny.gguf");
        Path yaml = Files.writeString(dir.resolve("models.yaml"), yaml(models, model, """
                - {id: first, path: %s}"""));
        HelixConfig config = HelixConfig.load(yaml, dir);
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        try (router; server) {
            int port = server.port();
            reload(port, 501); // no configuration to read yet
            server.reloadWith(new ConfigReloader(() -> HelixConfig.load(yaml, dir), router, config));
            Files.writeString(yaml, yaml(models, model, """
                    - {id: first, path: %s}
                    - {id: added, path: %s}"""));
            JsonNode applied = reload(port, 200);
            assertTrue(applied.path("applied").asBoolean(), applied.toString());
            assertEquals(Set.of("added", "first"), listed(port), "applied when the answer comes");
            Files.writeString(yaml, "models: [{id: broken, colour: red}]\n");
            JsonNode rejected = reload(port, 422);
            assertFalse(rejected.path("applied").asBoolean());
            assertEquals(2, rejected.path("problems").size(), rejected.toString());
            assertTrue(rejected.path("error").asText().startsWith("configuration not reloaded"), rejected.toString());
            assertEquals(Set.of("added", "first"), listed(port), "the configuration in force stays");
        }
    }
}
