package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.helix.router.KeepAlive;
import dev.helix.router.config.ConfigException;
import dev.helix.router.config.HelixConfig;
import dev.helix.provider.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which models.yaml to read and the settings a flag or environment variable overrides. Precedence: flag, then
 * {@code HELIX_*} variable ({@link EnvLayer}: every setting has one), then the project file, then
 * {@code ~/.helix/config.yaml}, then the default.
 */
final class ConfigOptions {
    /** The environment the {@code HELIX_*} layer is read from: the process's, or a test's. */
    java.util.Map<String, String> env = System.getenv();
    private EnvLayer envLayer;

    @Option(names = "--config", paramLabel = "FILE",
            description = "models.yaml to read (env HELIX_CONFIG; default ~/.helix/models.yaml if it exists).")
    Path config;

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Folder whose *.gguf files are served, named by file stem (env HELIX_MODELS; default ~/.helix/models).")
    Path modelsDir;

    @Option(names = "--max-loaded", paramLabel = "N",
            description = "Models loaded at once; the least recently used idle one is unloaded first "
                    + "(env HELIX_MAX_LOADED_MODELS; default 2).")
    Integer maxLoaded;

    @Option(names = "--keep-alive", paramLabel = "DURATION",
            description = "How long an idle model stays loaded: 5m, 1h, 0 (unload at once), -1 (forever) "
                    + "(env HELIX_KEEP_ALIVE; default 5m).")
    String keepAlive;

    /** Which models.yaml applies: the one named by --config or HELIX_CONFIG (which must exist), else the default. */
    ConfigFile locate() {
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new CliException("config file not found: " + config);
            }
            return new ConfigFile(config.toAbsolutePath(), "--config", true);
        }
        String env = this.env.get("HELIX_CONFIG");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isRegularFile(p)) {
                throw new CliException("HELIX_CONFIG names a file that does not exist: " + env);
            }
            return new ConfigFile(p.toAbsolutePath(), "HELIX_CONFIG", true);
        }
        Path home = Path.of(System.getProperty("user.home"), ".helix", "models.yaml");
        return new ConfigFile(home, null, Files.isRegularFile(home));
    }

    /** The file to read, or null for none. */
    Path configFile() {
        ConfigFile file = locate();
        return file.exists() ? file.path() : null;
    }

    /** The user's own settings under every project's: {@code ~/.helix/config.yaml}. */
    static Path userFile() {
        return Path.of(System.getProperty("user.home"), ".helix", "config.yaml");
    }

    /** The {@code HELIX_*} settings; read once, its warnings printed once. */
    EnvLayer envLayer() {
        if (envLayer == null) {
            envLayer = new EnvLayer(env);
            envLayer.warnings().forEach(w -> System.err.println("helix: warning: " + w));
        }
        return envLayer;
    }

    /**
     * The files' layers and the environment's merged (user, then project, then {@code HELIX_*}), or null when there
     * is neither a user file nor a setting in the environment (then the project file is read alone).
     */
    ConfigLayers fileLayers() {
        Path user = userFile();
        EnvLayer variables = envLayer();
        if (!Files.isRegularFile(user) && variables.isEmpty()) {
            return null;
        }
        var layers = new ConfigLayers();
        if (Files.isRegularFile(user)) {
            layers.addFile("user", user, readTree(user));
        }
        Path project = configFile();
        if (project != null) {
            layers.addFile("project", project, readTree(project));
        }
        layers.addEnv(variables);
        return layers;
    }

    private static JsonNode readTree(Path file) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            if (tree != null && !tree.isMissingNode() && !tree.isNull() && !tree.isObject()) {
                throw new CliException(file + ": must be a mapping of settings");
            }
            return tree;
        } catch (IOException e) {
            throw new CliException(file + ": not valid YAML: " + e.getMessage());
        }
    }

    HelixConfig load() {
        Path file = configFile();
        ConfigLayers layers = fileLayers();
        HelixConfig c;
        try {
            if (layers != null) {
                c = HelixConfig.parse(layers.merged(), layersSource(file), Path.of(System.getProperty("user.home")),
                        env);
            } else {
                c = file == null ? HelixConfig.defaults() : HelixConfig.load(file);
            }
        } catch (ConfigException e) {
            // every mistake at once, on the one line a failure gets, each with its file and line when known
            if (layers != null) {
                throw new CliException(String.join("; ", e.problems().stream().map(layers::locate).toList()));
            }
            throw new CliException(e.source() + ": " + String.join("; ", e.problems().stream()
                    .map(p -> locate(e.source(), p)).toList()));
        }
        if (modelsDir != null) {
            c = c.withModelsDir(modelsDir.toAbsolutePath());
        }
        if (maxLoaded != null) {
            if (maxLoaded < 1) {
                throw new CliException("--max-loaded must be at least 1");
            }
            c = c.withMaxLoadedModels(maxLoaded);
        }
        String alive = keepAlive;
        if (alive != null && !alive.isBlank()) {
            try {
                c = c.withKeepAlive(KeepAlive.parse(alive));
            } catch (InvalidRequestException e) {
                throw new CliException("--keep-alive: " + e.getMessage());
            }
        }
        return c;
    }

    /** The {@code alerts:} and {@code request_log:} sections of the file. */
    dev.helix.router.config.ObservabilityConfig observability() {
        Path file = configFile();
        ConfigLayers layers = fileLayers();
        if (layers != null) {
            try {
                return dev.helix.router.config.ObservabilityConfig.parse(layers.merged(), layersSource(file), env);
            } catch (ConfigException e) {
                throw new CliException(String.join("; ", e.problems().stream().map(layers::locate).toList()));
            }
        }
        if (file == null) {
            return dev.helix.router.config.ObservabilityConfig.DEFAULTS;
        }
        try {
            return dev.helix.router.config.ObservabilityConfig.load(file);
        } catch (ConfigException e) {
            throw new CliException(e.source() + ": " + String.join("; ", e.problems()));
        }
    }

    /**
     * The file merged layers are read as if from (relative paths resolve beside it, messages name it): the project
     * file, else the user file when there is one, else none (settings from HELIX_* variables alone).
     */
    private Path layersSource(Path project) {
        if (project != null) {
            return project;
        }
        Path user = userFile();
        return Files.isRegularFile(user) ? user : null;
    }

    /** A problem in one file, with its line in front of its location when the line is known. */
    private static String locate(Path file, String problem) {
        int colon = problem.indexOf(": ");
        Integer line = colon < 0 || file == null ? null : YamlLines.of(file).get(problem.substring(0, colon));
        return line == null ? problem : "line " + line + ": " + problem;
    }

    /** The {@code server:} section of the file (host, port), which the router's configuration leaves alone. */
    JsonNode serverSection() {
        ConfigLayers layers = fileLayers();
        if (layers != null) {
            return layers.merged().path("server");
        }
        Path file = configFile();
        if (file == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("server");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
