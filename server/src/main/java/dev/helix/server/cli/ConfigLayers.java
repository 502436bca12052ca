package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Settings merged from layers, each over the ones before: built-in defaults, {@code ~/.helix/config.yaml}, the
 * project file (models.yaml or --config), {@code HELIX_*} variables, flags. Mappings merge key by key; any other
 * value (a list, a scalar) replaces the one below whole. Every value remembers where it came from.
 */
final class ConfigLayers {
    /** Where a value came from: a layer, and for a file its path and line. */
    record Origin(String layer, Path file, int line) {
        String describe() {
            return file == null ? layer : file + (line > 0 ? ":" + line : "");
        }

        /** Where a problem is, as a single file's problems are told: {@code FILE: line N}, or the layer's name. */
        String where() {
            return file == null ? layer : file + (line > 0 ? ": line " + line : "");
        }
    }

    private final ObjectNode merged = JsonNodeFactory.instance.objectNode();
    private final Map<String, Origin> origins = new LinkedHashMap<>();

    /** Merges a layer over the ones before; {@code originOf} tells each location's origin. */
    void add(JsonNode layer, Function<String, Origin> originOf) {
        if (layer != null && layer.isObject()) {
            merge(merged, (ObjectNode) layer, "", originOf);
        }
    }

    /** The {@code HELIX_*} variables' settings, each with its variable. */
    void addEnv(EnvLayer env) {
        add(env.tree(), at -> new Origin("env " + java.util.Objects.requireNonNullElse(env.variable(at), "HELIX_*"),
                null, 0));
    }

    /** A file's settings, each with its line. */
    void addFile(String layer, Path file, JsonNode tree) {
        Map<String, Integer> lines = YamlLines.of(file);
        add(tree, at -> new Origin(layer, file, lines.getOrDefault(at, 0)));
    }

    private void merge(ObjectNode into, ObjectNode from, String at, Function<String, Origin> originOf) {
        from.fields().forEachRemaining(field -> {
            String key = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
            JsonNode mine = into.get(field.getKey());
            if (mine != null && mine.isObject() && field.getValue().isObject()) {
                origins.put(key, originOf.apply(key));
                merge((ObjectNode) mine, (ObjectNode) field.getValue(), key, originOf);
            } else {
                origins.keySet().removeIf(k -> k.startsWith(key + ".") || k.startsWith(key + "["));
                into.set(field.getKey(), field.getValue().deepCopy());
                record(field.getValue(), key, originOf);
            }
        });
    }

    private void record(JsonNode value, String at, Function<String, Origin> originOf) {
        origins.put(at, originOf.apply(at));
        if (value.isObject()) {
            value.fields().forEachRemaining(f -> record(f.getValue(), at + "." + f.getKey(), originOf));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                record(value.get(i), at + "[" + i + "]", originOf);
            }
        }
    }

    ObjectNode merged() {
        return merged;
    }

    /** The origin of a location, or of the nearest enclosing one that has one. */
    Origin origin(String at) {
        String key = at;
        while (!key.isEmpty()) {
            Origin o = origins.get(key);
            if (o != null) {
                return o;
            }
            int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
            key = cut < 0 ? "" : key.substring(0, cut);
        }
        return null;
    }

    /** The value at a dotted key ({@code server.port}, {@code models[0].id}), or null. */
    JsonNode get(String key) {
        JsonNode node = merged;
        for (String part : key.split("\\.")) {
            var indexed = java.util.regex.Pattern.compile("([^\\[]+)((?:\\[\\d+])*)").matcher(part);
            if (!indexed.matches()) {
                return null;
            }
            node = node.get(indexed.group(1));
            var index = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(indexed.group(2));
            while (node != null && index.find()) {
                node = node.get(Integer.parseInt(index.group(1)));
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Every leaf (a scalar, or a list of scalars) with its location, in order. */
    List<Map.Entry<String, JsonNode>> leaves() {
        var out = new ArrayList<Map.Entry<String, JsonNode>>();
        leaves(merged, "", out);
        return out;
    }

    private static void leaves(JsonNode node, String at, List<Map.Entry<String, JsonNode>> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> leaves(f.getValue(), at.isEmpty() ? f.getKey() : at + "." + f.getKey(),
                    out));
        } else if (node.isArray() && containers(node)) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), at + "[" + i + "]", out);
            }
        } else {
            out.add(Map.entry(at, node));
        }
    }

    private static boolean containers(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    /** A configuration problem ("location: message") with the file and line it comes from in front, when known. */
    String locate(String problem) {
        int colon = problem.indexOf(": ");
        if (colon < 0) {
            return problem;
        }
        Origin o = origin(problem.substring(0, colon));
        return o == null ? problem : o.where() + ": " + problem;
    }
}
