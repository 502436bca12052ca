package dev.helix.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.router.KeepAlive;
import dev.helix.router.ModelEntry;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class HelixConfigTest {
    @TempDir
    Path dir;

    private Path home() {
        return dir.resolve("home");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("models.yaml"), yaml);
    }

    private HelixConfig load(String yaml) throws IOException {
        return HelixConfig.load(write(yaml), home());
    }

    @Test
    void readsTheDocumentedExample() throws IOException {
        HelixConfig config = load("""
                models_dir: ~/.helix/models      # discovery root
                max_loaded_models: 3
                keep_alive: 10m
                queue_timeout: 30s
                runner_stall_timeout: 90s
                defaults:
                  context_size: 4096
                  threads: 0
                  batch_size: 256
                  gpu_layers: 0
                  mmap: false
                  parallel: 2
                  embeddings: true
                models:
                  - id: stories
                    path: models/stories260K.gguf
                    aliases: [tiny, "stories:260k"]
                    keep_alive: -1
                    options: { context_size: 512 }
                  - id: abs
                    path: /opt/models/abs.gguf
                server:
                  host: 127.0.0.1
                  port: 11434
                """);

        assertEquals(home().resolve(".helix/models"), config.modelsDir());
        assertEquals(3, config.maxLoadedModels());
        assertEquals(KeepAlive.parse("10m"), config.keepAlive());
        assertEquals(Duration.ofSeconds(30), config.queueTimeout());
        assertEquals(Duration.ofSeconds(90), config.runnerStallTimeout());
        var defaults = new ModelLoadOptions(4096, 0, 256, 0, false, 2, true);
        assertEquals(defaults, config.defaultOptions());
        ModelEntry stories = config.models().get(0);
        assertEquals(new ModelEntry("stories", dir.resolve("models/stories260K.gguf"), List.of("tiny", "stories:260k"),
                defaults.withContextSize(512), KeepAlive.FOREVER), stories);
        assertEquals(Path.of("/opt/models/abs.gguf"), config.models().get(1).path());
        assertEquals(defaults, config.models().get(1).options());
        assertNull(config.models().get(1).keepAlive(), "no keep_alive: the router default applies");
        assertEquals(dir.resolve("models.yaml"), config.source());
    }

    @Test
    void relativePathsAreToTheFilesFolderAndTildeIsHome() throws IOException {
        HelixConfig config = load("""
                models_dir: ../shared/models
                models:
                  - { id: a, path: ~/a.gguf }
                  - { id: b, path: "~" }
                  - { id: c, path: ./sub/../c.gguf }
                """);
        assertEquals(dir.getParent().resolve("shared/models"), config.modelsDir());
        assertEquals(home().resolve("a.gguf"), config.models().get(0).path());
        assertEquals(home(), config.models().get(1).path());
        assertEquals(dir.resolve("c.gguf"), config.models().get(2).path());
    }

    @Test
    void emptyFileAndMissingKeysMeanDefaults() throws IOException {
        HelixConfig empty = load("");
        HelixConfig defaults = HelixConfig.defaults(home());
        assertEquals(defaults.modelsDir(), empty.modelsDir());
        assertEquals(2, empty.maxLoadedModels());
        assertEquals(KeepAlive.DEFAULT, empty.keepAlive());
        assertEquals(Duration.ofMinutes(2), empty.queueTimeout());
        assertEquals(ModelLoadOptions.DEFAULTS, empty.defaultOptions());
        assertEquals(List.of(), empty.models());
        assertEquals(List.of(), load("models:\n").models());
    }

    @Test
    void unknownTopLevelKeysAreOnlyLogged() throws IOException {
        assertEquals(4, load("max_loaded_models: 4\nlogging: { level: debug }\n").maxLoadedModels());
    }

    static Stream<Arguments> errors() {
        String two = "models:\n  - id: a\n    path: a.gguf\n";
        return Stream.of(
                Arguments.of(two + "  - id: b\n", "models[1].path: required"),
                Arguments.of("models:\n  - path: a.gguf\n", "models[0].id: required"),
                Arguments.of(two + "    options: { context_size: 8 }\n",
                        "models[0].options.context_size: must be 0 (auto) or in [16, 2097152], was 8"),
                Arguments.of(two + "    pathh: b.gguf\n",
                        "models[0].pathh: unknown key (expected one of: id, path, aliases, keep_alive, options)"),
                Arguments.of(two + "    options: { ctx_size: 512 }\n", "models[0].options.ctx_size: unknown key "
                        + "(expected one of: context_size, threads, batch_size, gpu_layers, mmap, parallel, embeddings, "
                        + "engine, native_dir)"),
                Arguments.of(two + "  - { id: a, path: b.gguf }\n",
                        "models[1].id: duplicate model name \"a\" (already used at models[0].id)"),
                Arguments.of(two + "    aliases: [x]\n  - { id: b, path: b.gguf, aliases: [a] }\n",
                        "models[1].aliases[0]: duplicate model name \"a\" (already used at models[0].id)"),
                Arguments.of(two + "  - { id: x, path: b.gguf, aliases: [x] }\n",
                        "models[1].aliases[0]: duplicate model name \"x\" (already used at models[1].id)"),
                Arguments.of(two + "    aliases: tiny\n", "models[0].aliases: must be a list of names"),
                Arguments.of("models:\n  - { id: my model, path: a.gguf }\n",
                        "models[0].id: \"my model\" must not contain whitespace"),
                Arguments.of("models:\n  - { id: 7, path: a.gguf }\n", "models[0].id: must be a string, not number"),
                Arguments.of("models:\n  - { id: a, path: \"\" }\n", "models[0].path: must not be empty"),
                Arguments.of(two + "    keep_alive: 5 minutes\n", "models[0].keep_alive: must be seconds or a "
                        + "duration such as \"5m\", \"1h30m\", \"-1\" (forever), not \"5 minutes\""),
                Arguments.of("models: stories.gguf\n", "models: must be a list of models"),
                Arguments.of("models:\n  - stories.gguf\n", "models[0]: must be a mapping with at least id and path"),
                Arguments.of("max_loaded_models: 0\n", "max_loaded_models: must be in [1, 256], was 0"),
                Arguments.of("max_loaded_models: two\n", "max_loaded_models: must be an integer in [1, 256], not \"two\""),
                Arguments.of("max_loaded_models: 1.5\n", "max_loaded_models: must be an integer in [1, 256], not 1.5"),
                Arguments.of("keep_alive: [5m]\n", "keep_alive: must be seconds or a duration such as \"5m\", not [\"5m\"]"),
                Arguments.of("queue_timeout: -1s\n", "queue_timeout: must not be negative, was \"-1s\""),
                Arguments.of("runner_stall_timeout: 0\n",
                        "runner_stall_timeout: must be a positive duration such as \"60s\", was 0"),
                Arguments.of("runner_stall_timeout: -1\n",
                        "runner_stall_timeout: must be a positive duration such as \"60s\", was -1"),
                Arguments.of("models_dir: 5\n", "models_dir: must be a string, not number"),
                Arguments.of("defaults: { mmap: 1 }\n", "defaults.mmap: must be true or false, not 1"),
                Arguments.of("defaults: { parallel: 64, context_size: 131072 }\n",
                        "defaults: context_size x parallel must be at most 4194304 tokens"),
                Arguments.of("defaults: 4096\n", "defaults: must be a mapping of load options "
                        + "(context_size, threads, batch_size, gpu_layers, mmap, parallel, embeddings, engine, "
                        + "native_dir)"),
                Arguments.of("defaults: { parallel: 64 }\n" + two + "    options: { context_size: 131072 }\n",
                        "models[0].options: context_size x parallel must be at most 4194304 tokens"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void everyErrorSaysWhereItIs(String yaml, String problem) throws IOException {
        Path file = write(yaml);
        var e = assertThrows(ConfigException.class, () -> HelixConfig.load(file, home()));
        assertEquals(List.of(problem), e.problems());
        assertEquals(file + ": " + problem, e.getMessage());
        assertTrue(e.getMessage().contains("models.yaml: "), e.getMessage());
    }

    @Test
    void allProblemsAreReportedAtOnce() throws IOException {
        Path file = write("max_loaded_models: -1\nmodels:\n  - { id: a }\n  - { path: b.gguf, options: { threads: -2 } }\n");
        var e = assertThrows(ConfigException.class, () -> HelixConfig.load(file, home()));
        assertEquals(List.of(
                "max_loaded_models: must be in [1, 256], was -1",
                "models[0].path: required",
                "models[1].id: required",
                "models[1].options.threads: must be in [0, 1024], was -2"), e.problems());
        assertEquals(4, e.getMessage().lines().filter(l -> l.startsWith(file + ": ")).count());
    }

    @Test
    void unreadableOrInvalidYamlSaysSo() throws IOException {
        var missing = assertThrows(ConfigException.class, () -> HelixConfig.load(dir.resolve("nope.yaml"), home()));
        assertTrue(missing.getMessage().startsWith(dir.resolve("nope.yaml") + ": cannot read: "), missing.getMessage());

        Path broken = write("models: [\n  - id: a\n");
        var syntax = assertThrows(ConfigException.class, () -> HelixConfig.load(broken, home()));
        assertTrue(syntax.getMessage().startsWith(broken + ": not valid YAML: "), syntax.getMessage());
        assertTrue(syntax.getMessage().contains("line "), syntax.getMessage());

        Path twice = write("max_loaded_models: 1\nmax_loaded_models: 2\n");
        var duplicate = assertThrows(ConfigException.class, () -> HelixConfig.load(twice, home()));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'max_loaded_models'"), duplicate.getMessage());

        Path list = write("- a\n- b\n");
        var notMapping = assertThrows(ConfigException.class, () -> HelixConfig.load(list, home()));
        assertEquals(List.of("must be a mapping of settings, not ARRAY"), notMapping.problems());
    }

    @Test
    void missingModelFilesAreNotAConfigError() throws IOException {
        HelixConfig config = load("models:\n  - { id: gone, path: /nowhere/gone.gguf }\n");
        assertEquals(Path.of("/nowhere/gone.gguf"), config.models().get(0).path());
        assertTrue(config.catalog().find("gone").isPresent());
    }

    @Test
    void flagsOverrideThroughWithMethods() throws IOException {
        Files.createDirectories(dir.resolve("flag-dir"));
        TestModels.headerOnly(dir.resolve("flag-dir"), "found.gguf");
        HelixConfig config = load("max_loaded_models: 3\n")
                .withModelsDir(dir.resolve("flag-dir"))
                .withMaxLoadedModels(1)
                .withKeepAlive(KeepAlive.FOREVER)
                .withQueueTimeout(Duration.ofSeconds(5));

        var settings = config.routerSettings();
        assertEquals(1, settings.maxLoadedModels());
        assertEquals(KeepAlive.FOREVER, settings.defaultKeepAlive());
        assertEquals(Duration.ofSeconds(5), settings.queueTimeout());
        assertEquals(List.of("found"), config.catalog().available().stream().map(ModelEntry::id).toList());
        assertThrows(IllegalArgumentException.class, () -> config.withMaxLoadedModels(0));
        assertThrows(IllegalArgumentException.class, () -> config.withQueueTimeout(Duration.ofSeconds(-1)));
    }

    @Test
    void loadOrDefaultsToleratesAMissingFile() {
        HelixConfig config = HelixConfig.loadOrDefaults(dir.resolve("absent.yaml"));
        assertNull(config.source());
        assertEquals(2, config.maxLoadedModels());
    }
}
