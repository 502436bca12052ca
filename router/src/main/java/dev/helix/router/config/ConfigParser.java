package dev.helix.router.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.helix.router.KeepAlive;
import dev.helix.router.ModelEntry;
import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.ModelLoadOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a models.yaml tree into a {@link HelixConfig}, collecting every problem with its location. */
final class ConfigParser {
    private static final Logger log = LoggerFactory.getLogger(ConfigParser.class);
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final List<String> TOP_LEVEL = List.of("models_dir", "max_loaded_models", "keep_alive",
            "queue_timeout", "runner_stall_timeout", "defaults", "models", "providers", "aliases", "routing", "health",
            "discovery", "alerts", "request_log");
    /** Sections other modules read from the same file. */
    private static final Set<String> OTHER_MODULES = Set.of("server", "stores");
    private static final List<String> MODEL_KEYS = List.of("id", "path", "aliases", "keep_alive", "options");

    private final Path source;
    private final Path baseDir;
    private final Path home;
    private final List<String> problems = new ArrayList<>();
    private final OptionsParser options = new OptionsParser(this);
    private final UpstreamParser upstream;
    private final ObservabilityParser observe;
    private ObservabilityConfig observability = ObservabilityConfig.DEFAULTS;

    ConfigParser(Path source, Path home, Map<String, String> env) {
        this.source = source;
        // settings from the environment alone have no file: their relative paths are the working folder's
        this.baseDir = source == null ? Path.of("").toAbsolutePath() : source.toAbsolutePath().normalize().getParent();
        this.home = home;
        this.upstream = new UpstreamParser(this, env);
        this.observe = new ObservabilityParser(this, env, baseDir);
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new ConfigException(file, List.of("not valid YAML: " + e.getOriginalMessage() + at), e);
        } catch (IOException e) {
            throw new ConfigException(file, List.of("cannot read: " + e), e);
        }
    }

    HelixConfig parse(JsonNode root) {
        HelixConfig config = HelixConfig.defaults(home);
        if (absent(root)) {
            return new HelixConfig(source, config.modelsDir(), config.maxLoadedModels(), config.keepAlive(),
                    config.queueTimeout(), config.defaultOptions(), List.of(), List.of(), List.of(),
                    RoutingConfig.DEFAULTS, config.runnerStallTimeout());
        }
        if (!root.isObject()) {
            throw new ConfigException(source, List.of("must be a mapping of settings, not " + root.getNodeType()), null);
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!TOP_LEVEL.contains(key) && !OTHER_MODULES.contains(key)) {
                log.warn("{}: ignoring unknown setting \"{}\" (known: {})", source, key, String.join(", ", TOP_LEVEL));
            }
        });
        Path modelsDir = root.has("models_dir") && !absent(root.get("models_dir"))
                ? path(root.get("models_dir"), "models_dir")
                : config.modelsDir();
        int maxLoaded = integer(root.get("max_loaded_models"), "max_loaded_models", 1, 256, config.maxLoadedModels());
        KeepAlive keepAlive = keepAlive(root.get("keep_alive"), "keep_alive", config.keepAlive());
        Duration queueTimeout = queueTimeout(root.get("queue_timeout"), config.queueTimeout());
        Duration stallTimeout = stallTimeout(root.get("runner_stall_timeout"), config.runnerStallTimeout());
        ModelLoadOptions defaults = options.parse(root.get("defaults"), "defaults", ModelLoadOptions.DEFAULTS);
        List<ModelEntry> models = models(root.get("models"), defaults);
        List<ProviderConfig> providers = upstream.providers(root.get("providers"), upstream.retries(root.get("routing")));
        var localNames = new java.util.HashSet<String>();
        models.forEach(m -> localNames.addAll(m.names()));
        var providerNames = new java.util.HashSet<String>();
        providers.forEach(p -> providerNames.add(p.name()));
        if (!ConfigParser.absent(root.get("providers")) && root.get("providers").isObject()) {
            root.get("providers").fieldNames().forEachRemaining(providerNames::add); // named even if invalid
        }
        List<AliasConfig> aliases = upstream.aliases(root.get("aliases"), providerNames, localNames);
        RoutingConfig routing = upstream.routing(root.get("routing"), root.get("health"), root.get("discovery"));
        observability = observe.parse(root.get("alerts"), root.get("request_log"));
        ManagedParser.checkReachable(this, providers, aliases);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems, null);
        }
        return new HelixConfig(source, modelsDir, maxLoaded, keepAlive, queueTimeout, defaults, models, providers,
                aliases, routing, stallTimeout);
    }

    /** The alerts and request log sections, once {@link #parse} succeeded. */
    ObservabilityConfig observability() {
        return observability;
    }

    private List<ModelEntry> models(JsonNode node, ModelLoadOptions defaults) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            problem("models", "must be a list of models");
            return List.of();
        }
        var models = new ArrayList<ModelEntry>();
        var nameOwners = new HashMap<String, String>();
        for (int i = 0; i < node.size(); i++) {
            ModelEntry entry = model(node.get(i), "models[" + i + "]", defaults, nameOwners);
            if (entry != null) {
                models.add(entry);
            }
        }
        return models;
    }

    private ModelEntry model(JsonNode node, String at, ModelLoadOptions defaults, Map<String, String> nameOwners) {
        if (!node.isObject()) {
            problem(at, "must be a mapping with at least id and path");
            return null;
        }
        checkKeys(node, at, MODEL_KEYS);
        String id = name(node.get("id"), at + ".id", nameOwners);
        Path path = absent(node.get("path")) ? required(at + ".path") : path(node.get("path"), at + ".path");
        var aliases = new ArrayList<String>();
        JsonNode aliasNode = node.get("aliases");
        if (!absent(aliasNode)) {
            if (aliasNode.isArray()) {
                for (int j = 0; j < aliasNode.size(); j++) {
                    String alias = name(aliasNode.get(j), at + ".aliases[" + j + "]", nameOwners);
                    if (alias != null) {
                        aliases.add(alias);
                    }
                }
            } else {
                problem(at + ".aliases", "must be a list of names");
            }
        }
        KeepAlive keepAlive = keepAlive(node.get("keep_alive"), at + ".keep_alive", null);
        ModelLoadOptions merged = options.parse(node.get("options"), at + ".options", defaults);
        return id == null || path == null ? null : new ModelEntry(id, path, aliases, merged, keepAlive);
    }

    /** A model id or alias: a non-empty string without whitespace, not used by any earlier model. */
    private String name(JsonNode node, String at, Map<String, String> owners) {
        if (absent(node)) {
            return required(at);
        }
        String name = string(node, at);
        if (name == null) {
            return null;
        }
        if (name.chars().anyMatch(Character::isWhitespace)) {
            problem(at, "\"" + name + "\" must not contain whitespace");
            return null;
        }
        String owner = owners.putIfAbsent(name, at);
        if (owner != null) {
            problem(at, "duplicate model name \"" + name + "\" (already used at " + owner + ")");
            return null;
        }
        return name;
    }

    void checkKeys(JsonNode object, String at, List<String> known) {
        object.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problem(at + "." + key, "unknown key (expected one of: " + String.join(", ", known) + ")");
            }
        });
    }

    Path home() {
        return home;
    }

    Path path(JsonNode node, String at) {
        String text = string(node, at);
        if (text == null) {
            return null;
        }
        Path path;
        if (text.equals("~")) {
            path = home;
        } else if (text.startsWith("~/")) {
            path = home.resolve(text.substring(2));
        } else {
            try {
                path = Path.of(text);
            } catch (java.nio.file.InvalidPathException e) {
                problem(at, "not a valid path: " + e.getMessage());
                return null;
            }
        }
        return baseDir.resolve(path).normalize();
    }

    private String string(JsonNode node, String at) {
        if (!node.isTextual()) {
            problem(at, "must be a string, not " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
            return null;
        }
        if (node.textValue().isBlank()) {
            problem(at, "must not be empty");
            return null;
        }
        return node.textValue();
    }

    int integer(JsonNode node, String at, int min, int max, int fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(at, "must be an integer in [" + min + ", " + max + "], not " + node);
            return fallback;
        }
        if (node.intValue() < min || node.intValue() > max) {
            problem(at, "must be in [" + min + ", " + max + "], was " + node.intValue());
            return fallback;
        }
        return node.intValue();
    }

    boolean bool(JsonNode node, String at, boolean fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problem(at, "must be true or false, not " + node);
            return fallback;
        }
        return node.booleanValue();
    }

    private KeepAlive keepAlive(JsonNode node, String at, KeepAlive fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isNumber() && !node.isTextual()) {
            problem(at, "must be seconds or a duration such as \"5m\", not " + node);
            return fallback;
        }
        try {
            return KeepAlive.parse(node.isNumber() ? node.numberValue() : node.textValue());
        } catch (InvalidRequestException e) {
            problem(at, "must be seconds or a duration such as \"5m\", \"1h30m\", \"-1\" (forever), not " + node);
            return fallback;
        }
    }

    private Duration queueTimeout(JsonNode node, Duration fallback) {
        KeepAlive parsed = keepAlive(node, "queue_timeout", null);
        if (parsed == null) {
            return fallback;
        }
        if (parsed.forever()) {
            problem("queue_timeout", "must not be negative, was " + node);
            return fallback;
        }
        return parsed.duration();
    }

    private Duration stallTimeout(JsonNode node, Duration fallback) {
        KeepAlive parsed = keepAlive(node, "runner_stall_timeout", null);
        if (parsed == null) {
            return fallback;
        }
        if (parsed.forever() || parsed.duration().toMillis() < 1) {
            problem("runner_stall_timeout", "must be a positive duration such as \"60s\", was " + node);
            return fallback;
        }
        return parsed.duration();
    }

    private <T> T required(String at) {
        problem(at, "required");
        return null;
    }

    int problemCount() {
        return problems.size();
    }

    void problem(String at, String message) {
        problems.add(at + ": " + message);
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
