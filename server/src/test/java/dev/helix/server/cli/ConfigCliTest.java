package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration layers, run as a user runs helix (child JVMs): every layer wins over the ones before it,
 * {@code config show} says where each value came from, {@code config get|set} read and edit ~/.helix/config.yaml
 * keeping its comments, and mistakes in several files are all reported, each with its file and line.
 */
@Timeout(300)
class ConfigCliTest {
    @TempDir
    Path home;

    private Path userFile(String text) throws Exception {
        return Files.writeString(Files.createDirectories(home.resolve(".helix")).resolve("config.yaml"), text);
    }

    /** The FROM column of a key's row in {@code config show}. */
    private static String from(String show, String key) {
        return show.lines().filter(l -> l.startsWith(key + " ")).findFirst()
                .map(l -> l.replaceFirst("^\\S+\\s+\\S+\\s+", "")).orElseThrow(() -> new AssertionError(key + "\n" + show));
    }

    private static String value(String show, String key) {
        return show.lines().filter(l -> l.startsWith(key + " ")).findFirst().map(l -> l.split("\\s+")[1])
                .orElseThrow(() -> new AssertionError(key + "\n" + show));
    }

    @Test
    void eachLayerOverridesTheOnesBeforeAndShowSaysWhere() throws Exception {
        Path user = userFile("""
                # my own settings
                keep_alive: 10m      # longer than the default
                max_loaded_models: 3
                queue_timeout: 30s
                server:
                  port: 12000
                """);
        Path project = Files.writeString(home.resolve("project.yaml"), """
                max_loaded_models: 4
                keep_alive: 20m
                server:
                  port: 12001
                """);
        var helix = new CliProcess(home);
        var env = Map.of("HELIX_KEEP_ALIVE", "30m", "HELIX_MAX_LOADED_MODELS", "6");
        var show = helix.run(env, "config", "show", "--config", project.toString(), "--max-loaded", "5");
        assertEquals(0, show.exit(), show.err());
        String out = show.out();
        assertEquals("true", value(out, "discovery.enabled"));
        assertEquals("default", from(out, "discovery.enabled"));
        assertEquals("30s", value(out, "queue_timeout"));
        assertEquals(user + ":4", from(out, "queue_timeout"), "the user file, with its line");
        assertEquals("12001", value(out, "server.port"));
        assertEquals(project.toAbsolutePath() + ":4", from(out, "server.port"), "the project file over the user's");
        assertEquals("30m", value(out, "keep_alive"));
        assertEquals("env HELIX_KEEP_ALIVE", from(out, "keep_alive"), "the environment over both files");
        assertEquals("5", value(out, "max_loaded_models"));
        assertEquals("flag --max-loaded", from(out, "max_loaded_models"), "a flag over everything");

        var json = helix.run(env, "config", "show", "--json", "--config", project.toString());
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertEquals(6, tree.at("/max_loaded_models/value").asInt());
        assertEquals("env HELIX_MAX_LOADED_MODELS", tree.at("/max_loaded_models/origin").asText());

        var get = helix.run(env, "config", "get", "server.port", "--config", project.toString());
        assertEquals("12001\n", get.out());
        var port = helix.run(Map.of("HELIX_PORT", "12002"), "config", "get", "server.port");
        assertEquals("12002\n", port.out(), "without the project file: the environment over the user's 12000");
        var missing = helix.run("config", "get", "server.nothing");
        assertEquals(1, missing.exit());
        assertEquals("helix: server.nothing is not set (helix config show lists what is)\n", missing.err());
    }

    @Test
    void theUserFileIsReallyUsed() throws Exception {
        Path models = Files.createDirectories(home.resolve("my-models"));
        TestModels.copyOf(TestModels.tiny(), models, "from-user-config.gguf");
        userFile("models_dir: " + models + "\nserver: {port: 1}\n");
        var list = new CliProcess(home).run("models");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("from-user-config"), list.out());
    }

    @Test
    void mistakesInEveryFileAreReportedAtOnceWithFileAndLine() throws Exception {
        Path user = userFile("""
                # fine so far
                max_loaded_models: many
                """);
        Path project = Files.writeString(home.resolve("project.yaml"), """
                models:
                  - id: x
                providers:
                  box: {type: vlm, endpoint: http://127.0.0.1:1}
                """);
        var show = new CliProcess(home).run("config", "show", "--config", project.toString());
        assertEquals(1, show.exit(), show.out());
        String err = show.err();
        assertTrue(err.contains(user + ": line 2: max_loaded_models: must be an integer"), err);
        assertTrue(err.contains(project.toAbsolutePath() + ": line 2: models[0].path: required"), err);
        assertTrue(err.contains(project.toAbsolutePath()
                + ": line 4: providers.box.type: unknown provider type \"vlm\""), err);
    }

    @Test
    void setEditsTheUserFileKeepingItsCommentsAndRefusesAnInvalidValue() throws Exception {
        Path user = userFile("""
                # Helix, my way
                keep_alive: 10m   # long enough for lunch

                server:
                  # where it listens
                  port: 12000  # not Ollama's
                  host: 127.0.0.1
                """);
        var helix = new CliProcess(home);
        var set = helix.run("config", "set", "server.port", "12345");
        assertEquals(0, set.exit(), set.err());
        assertEquals("server.port = 12345  (in " + user + ")\n", set.out());
        var added = helix.run("config", "set", "routing.strategy", "round-robin");
        assertEquals(0, added.exit(), added.err());
        var nested = helix.run("config", "set", "server.api_key", "s3cret key");
        assertEquals(0, nested.exit(), nested.err());
        assertEquals("""
                # Helix, my way
                keep_alive: 10m   # long enough for lunch

                server:
                  # where it listens
                  port: 12345  # not Ollama's
                  host: 127.0.0.1
                  api_key: "s3cret key"
                routing:
                  strategy: round-robin
                """, Files.readString(user));
        assertEquals("12345\n", helix.run("config", "get", "server.port").out());

        String before = Files.readString(user);
        var invalid = helix.run("config", "set", "max_loaded_models", "many");
        assertEquals(1, invalid.exit());
        assertTrue(invalid.err().startsWith("helix: not set: ") && invalid.err().contains("max_loaded_models"),
                invalid.err());
        assertEquals(before, Files.readString(user), "the file is left as it was");
        var show = helix.run("config", "show");
        assertTrue(show.out().lines().anyMatch(l -> l.startsWith("server.api_key") && l.contains("\"****\"")),
                "keys are not shown: " + show.out());
    }

    @Test
    void everySettingHasItsHelixVariableBetweenTheFilesAndTheFlags() throws Exception {
        Path user = userFile("""
                queue_timeout: 30s
                routing:
                  strategy: weighted
                  breaker_failures: 7
                server:
                  port: 12000
                  max_pending_requests: 3
                """);
        Path project = Files.writeString(home.resolve("project.yaml"), """
                routing:
                  strategy: least-busy
                server:
                  port: 12001
                  max_pending_requests: 4
                """);
        var helix = new CliProcess(home);
        var env = Map.of("HELIX_SERVER_PORT", "12002", "HELIX_ROUTING_STRATEGY", "round-robin",
                "HELIX_SERVER_MAX_PENDING_REQUESTS", "5", "HELIX_DISCOVERY_ENABLED", "false",
                "HELIX_HEALTH_INTERVAL", "45s");
        var show = helix.run(env, "config", "show", "--config", project.toString(), "--port", "12003");
        assertEquals(0, show.exit(), show.err());
        String out = show.out();
        assertEquals("30s", value(out, "queue_timeout"));
        assertEquals(user + ":1", from(out, "queue_timeout"), "the user file over the default");
        assertEquals("7", value(out, "routing.breaker_failures"));
        assertEquals(user + ":4", from(out, "routing.breaker_failures"), "a nested key the project leaves alone");
        assertEquals("round-robin", value(out, "routing.strategy"));
        assertEquals("env HELIX_ROUTING_STRATEGY", from(out, "routing.strategy"), "env over both files, nested");
        assertEquals("5", value(out, "server.max_pending_requests"));
        assertEquals("env HELIX_SERVER_MAX_PENDING_REQUESTS", from(out, "server.max_pending_requests"),
                "a key with _ in it, found whole");
        assertEquals("false", value(out, "discovery.enabled"), "typed as the file types it");
        assertEquals("env HELIX_DISCOVERY_ENABLED", from(out, "discovery.enabled"), "env over the default");
        assertEquals("env HELIX_HEALTH_INTERVAL", from(out, "health.interval"));
        assertEquals("12003", value(out, "server.port"));
        assertEquals("flag --port", from(out, "server.port"), "a flag over the environment");
        var withoutFlag = helix.run(env, "config", "get", "server.port", "--config", project.toString());
        assertEquals("12002\n", withoutFlag.out(), withoutFlag.err());
        var projectOnly = helix.run("config", "get", "server.port", "--config", project.toString());
        assertEquals("12001\n", projectOnly.out(), "the project file over the user's");

        var bad = helix.run(Map.of("HELIX_SERVER_PORT", "eighty"), "config", "show");
        assertEquals(1, bad.exit(), bad.out());
        assertEquals("helix: HELIX_SERVER_PORT must be a whole number, not \"eighty\"\n", bad.err());
        var badDuration = helix.run(Map.of("HELIX_QUEUE_TIMEOUT", "soon"), "config", "show");
        assertEquals(1, badDuration.exit(), badDuration.out());
        assertTrue(badDuration.err().startsWith("helix: HELIX_QUEUE_TIMEOUT must be seconds or a duration")
                && badDuration.err().lines().count() == 1, badDuration.err());
        var outOfRange = helix.run(Map.of("HELIX_MAX_LOADED_MODELS", "0"), "config", "show");
        assertEquals(1, outOfRange.exit(), outOfRange.out());
        assertTrue(outOfRange.err().contains("env HELIX_MAX_LOADED_MODELS: max_loaded_models"), outOfRange.err());

        var misspelt = helix.run(Map.of("HELIX_SERVER_PROT", "12004"), "config", "get", "server.port");
        assertEquals(0, misspelt.exit(), misspelt.err());
        assertEquals("12000\n", misspelt.out(), "a variable that names no setting changes nothing");
        assertTrue(misspelt.err().contains("HELIX_SERVER_PROT is not a setting Helix knows; did you mean "
                + "HELIX_SERVER_PORT?"), misspelt.err());
    }

    @Test
    void settingsFromTheEnvironmentAloneNameNoFile() throws Exception {
        Path models = Files.createDirectories(home.resolve("models"));
        var helix = new CliProcess(home);
        var env = Map.of("HELIX_DEFAULTS_ENGINE", "ffm", "HELIX_MODELS_DIR", models.toString());
        var show = helix.run(env, "config", "get", "defaults.engine");
        assertEquals("ffm\n", show.out(), show.err());
        var missing = helix.run(env, "show", "nothing-here");
        assertEquals(1, missing.exit(), missing.out());
        assertEquals("helix: model \"nothing-here\" not found (looked in " + models + ")\n", missing.err(),
                "no user file exists, so none is named");
    }
}
