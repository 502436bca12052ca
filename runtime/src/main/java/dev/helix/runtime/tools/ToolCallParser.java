package dev.helix.runtime.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads tool calls out of the JSON that models write. The shapes accepted, each a call or a list of calls:
 * <ul>
 *   <li>{@code {"name": "f", "arguments": {...}}}: Hermes / Qwen inside {@code <tool_call>}, Mistral inside
 *       {@code [TOOL_CALLS][...]}, and the grammar Helix forces calls with;</li>
 *   <li>{@code {"name": "f", "parameters": {...}}}: Llama 3.x, bare or after {@code <|python_tag|>};</li>
 *   <li>{@code {"tool_calls": [...]}} and {@code {"tool_call": {...}}}: the generic format llama.cpp's template
 *       polyfill asks models without tool support to write;</li>
 *   <li>{@code {"function": {"name": ..., "arguments": ...}}}: OpenAI's own shape, which models echo.</li>
 * </ul>
 * Arguments may be an object or a string holding one. A call must name one of the offered tools: JSON that
 * merely looks like a call (the user asked for JSON) is not taken for one.
 */
public final class ToolCallParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A call as parsed: the tool's name and its arguments as compact JSON object text. */
    public record Parsed(String name, String arguments) {}

    private final Set<String> names;

    public ToolCallParser(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The calls in a JSON text, or empty when it is not (only) calls of known tools. */
    public Optional<List<Parsed>> parse(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (node == null) {
            return Optional.empty();
        }
        List<Parsed> calls = new ArrayList<>();
        return collect(node, calls) && !calls.isEmpty() ? Optional.of(List.copyOf(calls)) : Optional.empty();
    }

    /** The text of the generic format's plain answer, {@code {"response": "..."}}, if that is what the JSON is. */
    public static Optional<String> response(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node != null && node.isObject() && node.size() == 1 && node.path("response").isTextual()) {
                return Optional.of(node.get("response").asText());
            }
        } catch (java.io.IOException e) {
            // not JSON: not a response either
        }
        return Optional.empty();
    }

    private boolean collect(JsonNode node, List<Parsed> calls) {
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (!collect(item, calls)) {
                    return false;
                }
            }
            return !node.isEmpty();
        }
        if (!node.isObject()) {
            return false;
        }
        if (node.has("tool_calls") && node.size() <= 2) {
            return node.get("tool_calls").isArray() && collect(node.get("tool_calls"), calls);
        }
        if (node.has("tool_call") && node.size() == 1) {
            return collect(node.get("tool_call"), calls);
        }
        if (node.path("function").isObject() && !node.has("name")) {
            return collect(node.get("function"), calls);
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || !names.contains(name.asText())) {
            return false;
        }
        JsonNode arguments = node.has("arguments") ? node.get("arguments") : node.get("parameters");
        String text = arguments(arguments);
        if (text == null) {
            return false;
        }
        calls.add(new Parsed(name.asText(), text));
        return true;
    }

    /** Compact JSON object text, or null when the value is no object (nor a string holding one). */
    private static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "{}";
        }
        if (arguments.isObject()) {
            return arguments.toString();
        }
        if (arguments.isTextual()) {
            try {
                JsonNode inner = JSON.readTree(arguments.asText());
                return inner != null && inner.isObject() ? inner.toString() : null;
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }

    /** The arguments of a call as an object, for APIs that send them as one (Ollama). */
    public static ObjectNode argumentsObject(String arguments) {
        try {
            JsonNode node = JSON.readTree(arguments);
            return node instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
