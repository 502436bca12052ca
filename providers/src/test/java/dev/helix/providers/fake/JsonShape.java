package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The structure of a JSON value without its values: objects as sorted maps of field to shape, arrays as the shape of
 * their first element, scalars as their type. Two answers with equal shapes have the same field names, nesting and
 * types, whatever text and numbers they carry.
 */
final class JsonShape {
    private JsonShape() {
    }

    static Object of(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), of(e.getValue())));
            return fields;
        }
        if (node.isArray()) {
            return node.isEmpty() ? List.of() : List.of(of(node.get(0)));
        }
        return node.isNumber() ? "number" : node.isTextual() ? "string" : node.isBoolean() ? "boolean"
                : node.isNull() ? "null" : "missing";
    }
}
