package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code HELIX_*} environment as a configuration layer: each variable that names a setting
 * ({@link ConfigKeys}) becomes that setting, typed as the files type it, remembering the variable for
 * {@code config show}. A value of the wrong type is refused with the variable's name; a {@code HELIX_} variable that
 * names no setting gets a warning naming the nearest one. The environment is passed in, so tests need not change the
 * process's own.
 */
final class EnvLayer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode tree = NODES.objectNode();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    /** @throws CliException naming the first variable whose value is not of its setting's type */
    EnvLayer(Map<String, String> env) {
        var sorted = new TreeMap<>(env); // one order whatever the map's
        for (var e : sorted.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("HELIX_") || e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            ConfigKeys.Key key = ConfigKeys.BY_VARIABLE.get(name);
            if (key == null && ConfigKeys.SHORT_NAMES.containsKey(name)) {
                String path = ConfigKeys.SHORT_NAMES.get(name);
                if (sorted.containsKey(new ConfigKeys.Key(path, null).variable())) {
                    continue; // the long form, set too, wins
                }
                key = new ConfigKeys.Key(path, ConfigKeys.KEYS.get(path));
            }
            if (key == null) {
                if (!ConfigKeys.NOT_SETTINGS.contains(name)) {
                    warnings.add(name + " is not a setting Helix knows; did you mean "
                            + ConfigKeys.closest(name) + "? (helix config show lists the settings)");
                }
                continue;
            }
            put(key.path(), typed(name, key.type(), e.getValue().trim()));
            variables.put(key.path(), name);
        }
    }

    private void put(String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode at = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
    }

    private static JsonNode typed(String name, ConfigKeys.Type type, String value) {
        return switch (type) {
            case TEXT -> NODES.textNode(value);
            case PATH -> NODES.textNode(Path.of(value.startsWith("~") ? System.getProperty("user.home")
                    + value.substring(1) : value).toAbsolutePath().normalize().toString());
            case INT -> NODES.numberNode(whole(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
            case INT_OR_AUTO -> value.strip().equalsIgnoreCase("auto") ? NODES.textNode("auto")
                    : NODES.numberNode(whole(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
            case LONG -> NODES.numberNode(whole(name, value, Long.MIN_VALUE, Long.MAX_VALUE));
            case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> NODES.booleanNode(true);
                case "false", "0", "no", "off" -> NODES.booleanNode(false);
                default -> throw new CliException(name + " must be true or false, not \"" + value + "\"");
            };
            case DURATION -> duration(name, value);
            case TEXT_LIST -> {
                var list = NODES.arrayNode();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        list.add(part.trim());
                    }
                }
                yield list;
            }
            case INT_LIST -> {
                var list = NODES.arrayNode();
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        list.add(whole(name, part.trim(), Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
                    }
                }
                yield list;
            }
        };
    }

    private static Long whole(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CliException(name + " must be a whole number, not \"" + value + "\"");
        }
    }

    /** Seconds (a number) or a duration such as 10s, 5m, 1h30m, as in the files; -1 and such stay for keep_alive. */
    private static JsonNode duration(String name, String value) {
        if (value.matches("-?\\d+")) {
            return NODES.numberNode(whole(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue());
        }
        try {
            dev.helix.router.KeepAlive.parse(value);
        } catch (RuntimeException e) {
            throw new CliException(name + " must be seconds or a duration such as 30s, 5m or 1h30m, not \""
                    + value + "\"");
        }
        return NODES.textNode(value);
    }

    /** The settings the variables set, as a file would hold them. */
    ObjectNode tree() {
        return tree;
    }

    boolean isEmpty() {
        return tree.isEmpty();
    }

    /** The variable that set a key, or null. */
    String variable(String path) {
        return variables.get(path);
    }

    /** One warning per {@code HELIX_} variable that names no setting. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
