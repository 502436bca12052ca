package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.helix.router.RouterSettings;
import dev.helix.router.config.RoutingConfig;
import dev.helix.server.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Show the configuration Helix uses and where each value comes from, or read and edit your own "
                + "settings file, ~/.helix/config.yaml.",
                "Layers, each over the one before: built-in defaults, ~/.helix/config.yaml, the project file "
                        + "(models.yaml or --config), HELIX_* variables, flags."},
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Get.class, ConfigCommand.Set.class})
final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Every layer merged, each value with its origin. */
    static ConfigLayers layers(ConfigOptions config, AddressOptions address) {
        var layers = new ConfigLayers();
        layers.add(defaults(), at -> new ConfigLayers.Origin("default", null, 0));
        Path user = ConfigOptions.userFile();
        if (Files.isRegularFile(user)) {
            layers.addFile("user", user, read(user));
        }
        Path project = config.configFile();
        if (project != null) {
            layers.addFile("project", project, read(project));
        }
        layers.addEnv(config.envLayer());
        var flags = JsonNodeFactory.instance.objectNode();
        putText(flags, "models_dir", config.modelsDir == null ? null : config.modelsDir.toAbsolutePath().toString());
        putNumber(flags, "max_loaded_models", config.maxLoaded == null ? null : config.maxLoaded.toString());
        putText(flags, "keep_alive", config.keepAlive);
        var flagServer = flags.putObject("server");
        putText(flagServer, "host", address.host);
        putNumber(flagServer, "port", address.port == null ? null : address.port.toString());
        if (flagServer.isEmpty()) {
            flags.remove("server");
        }
        layers.add(flags, at -> new ConfigLayers.Origin("flag " + flagName(at), null, 0));
        return layers;
    }

    private static String flagName(String at) {
        return switch (at) {
            case "models_dir" -> "--models-dir";
            case "max_loaded_models" -> "--max-loaded";
            case "keep_alive" -> "--keep-alive";
            case "server.host" -> "--host";
            case "server.port" -> "--port";
            default -> "a flag";
        };
    }

    private static ObjectNode defaults() {
        var d = JsonNodeFactory.instance.objectNode();
        RouterSettings r = RouterSettings.DEFAULTS;
        d.put("models_dir", Path.of(System.getProperty("user.home"), ".helix", "models").toString());
        d.put("max_loaded_models", r.maxLoadedModels());
        d.put("keep_alive", r.defaultKeepAlive().duration().toSeconds() + "s");
        d.put("queue_timeout", r.queueTimeout().toSeconds() + "s");
        var server = d.putObject("server");
        server.put("host", ServerSettings.DEFAULT_HOST);
        server.put("port", ServerSettings.DEFAULT_PORT);
        server.put("max_request_bytes", ServerSettings.DEFAULT_MAX_REQUEST_BYTES);
        server.put("max_pending_requests", 0);
        d.putObject("discovery").put("enabled", RoutingConfig.DEFAULTS.discovery());
        d.putObject("routing").put("strategy", RoutingConfig.DEFAULTS.strategy());
        return d;
    }

    private static void putText(ObjectNode node, String key, String value) {
        if (value != null && !value.isBlank()) {
            node.put(key, value);
        }
    }

    private static void putNumber(ObjectNode node, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            node.put(key, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            node.put(key, value);
        }
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return tree == null ? JsonNodeFactory.instance.objectNode() : tree;
        } catch (java.io.IOException e) {
            throw new CliException(file + ": not valid YAML: " + e.getMessage());
        }
    }

    private static String text(String key, JsonNode value) {
        if (key.endsWith("api_key") && value.isTextual()) {
            return "\"****\"";
        }
        return value.isTextual() ? UserConfigFile.scalar(value.asText()) : value.toString();
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print every setting in force, each with where it came from, and check the whole (exit 1 "
                    + "with every problem, each with its file and line, when it is not valid).")
    static final class Show implements Callable<Integer> {
        @Mixin
        AddressOptions address;

        @Mixin
        ConfigOptions config;

        @Option(names = "--json", description = "Print {key: {value, origin}} as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ConfigLayers layers = layers(config, address);
            if (json) {
                var out = JsonNodeFactory.instance.objectNode();
                for (var leaf : layers.leaves()) {
                    var o = layers.origin(leaf.getKey());
                    out.putObject(leaf.getKey()).put("origin", o == null ? "?" : o.describe())
                            .set("value", leaf.getKey().endsWith("api_key") ? JsonNodeFactory.instance.textNode("****")
                                    : leaf.getValue());
                }
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
            } else {
                var table = new Table("KEY", "VALUE", "FROM");
                for (var leaf : layers.leaves()) {
                    var o = layers.origin(leaf.getKey());
                    table.row(leaf.getKey(), text(leaf.getKey(), leaf.getValue()), o == null ? "?" : o.describe());
                }
                System.out.print(table);
            }
            config.load(); // the merged whole must be valid: a CliException names every problem
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print one setting in force (a dotted key: server.port, keep_alive, models[0].id); exit 1 "
                    + "when it is not set anywhere.")
    static final class Get implements Callable<Integer> {
        @Mixin
        AddressOptions address;

        @Mixin
        ConfigOptions config;

        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            JsonNode value = layers(config, address).get(key);
            if (value == null) {
                throw new CliException(key + " is not set (helix config show lists what is)");
            }
            System.out.println(value.isTextual() ? value.asText() : value.toString());
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set one setting in ~/.helix/config.yaml, keeping the file's comments and order. Refused, "
                    + "and the file left as it was, when the result would not be valid.")
    static final class Set implements Callable<Integer> {
        @Mixin
        AddressOptions address;

        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        public Integer call() throws Exception {
            if (!key.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
                throw new CliException("KEY must be a dotted name such as server.port, not \"" + key + "\"");
            }
            Path file = ConfigOptions.userFile();
            String before = UserConfigFile.read(file);
            boolean wasValid;
            try {
                config.load();
                wasValid = true;
            } catch (CliException e) {
                wasValid = false; // already broken elsewhere: this edit is not to blame
            }
            String after = UserConfigFile.set(before, key, UserConfigFile.scalar(value));
            Files.createDirectories(file.getParent());
            Path aside = Files.createTempFile(file.getParent(), "config", ".yaml.tmp");
            try {
                Files.writeString(aside, after, StandardCharsets.UTF_8);
                read(aside);
                Files.move(aside, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                try {
                    config.load();
                } catch (CliException e) {
                    if (wasValid) {
                        Files.writeString(file, before, StandardCharsets.UTF_8); // left as it was
                        throw new CliException("not set: " + e.getMessage());
                    }
                    System.err.println("helix: warning: the configuration was not valid before either: "
                            + e.getMessage());
                }
            } finally {
                Files.deleteIfExists(aside);
            }
            System.out.println(key + " = " + text(key, layers(config, address).get(key)) + "  (in " + file + ")");
            return 0;
        }
    }
}
