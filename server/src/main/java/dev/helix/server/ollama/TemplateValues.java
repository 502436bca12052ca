package dev.helix.server.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.server.ollama.gotemplate.GoStruct;
import dev.helix.server.ollama.gotemplate.GoStruct.Field;
import dev.helix.server.ollama.gotemplate.JsonPrinted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Ollama's prompt templates are executed with ({@code template.Values}): the conversation, the tools, or a
 * prompt and suffix for fill-in-the-middle. Messages, tool calls and tools become the Go structs of Ollama's api
 * package as templates see them: the same field names, the same JSON (json tags, omitempty, {@code String()} of
 * {@code Tool}, {@code Tools}, {@code ToolFunction} and {@code ToolCallFunctionArguments} printing JSON).
 *
 * @param messages the conversation, system messages included
 * @param tools    tool definitions as clients send them ({@code {"type":"function","function":{...}}}), or empty
 * @param prompt   for fill-in-the-middle with {@code suffix}, else empty
 * @param suffix   for fill-in-the-middle, else empty
 */
record TemplateValues(List<Message> messages, List<JsonNode> tools, String prompt, String suffix) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message: role ({@code system user assistant tool}), content, and an assistant's tool calls. */
    record Message(String role, String content, String thinking, List<ToolCall> toolCalls, String toolName) {
        Message {
            content = content == null ? "" : content;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        static Message of(String role, String content) {
            return new Message(role, content, null, List.of(), null);
        }
    }

    /** A tool call: the function's name and its arguments object. */
    record ToolCall(String name, JsonNode arguments) {}

    TemplateValues {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        prompt = prompt == null ? "" : prompt;
        suffix = suffix == null ? "" : suffix;
    }

    /** A generate request's: the system prompt (if any), then the prompt as the user's message. */
    static TemplateValues generate(String system, String prompt) {
        var messages = new ArrayList<Message>();
        if (system != null && !system.isEmpty()) {
            messages.add(Message.of("system", system));
        }
        messages.add(Message.of("user", prompt));
        return new TemplateValues(messages, List.of(), "", "");
    }

    /** {@code *api.Message}. */
    static GoStruct message(Message m) {
        List<Object> calls = m.toolCalls().stream().map(TemplateValues::toolCall).map(Object.class::cast).toList();
        return new GoStruct("*api.Message", List.of(new Field("Role", "role", false, m.role()),
                new Field("Content", "content", false, m.content()),
                new Field("Thinking", "thinking", true, m.thinking() == null ? "" : m.thinking()),
                new Field("Images", "images", true, null),
                new Field("ToolCalls", "tool_calls", true, calls.isEmpty() ? null : calls),
                new Field("ToolName", "tool_name", true, m.toolName() == null ? "" : m.toolName())), false);
    }

    private static GoStruct toolCall(ToolCall call) {
        var function = new GoStruct("api.ToolCallFunction", List.of(new Field("Index", "index", true, 0L),
                new Field("Name", "name", false, call.name()),
                new Field("Arguments", "arguments", false, JsonPrinted.map(object(call.arguments())))), false);
        return new GoStruct("api.ToolCall", List.of(new Field("Function", "function", false, function)), false);
    }

    /** {@code api.Tools}: a list that prints as JSON. */
    List<Object> goTools() {
        return JsonPrinted.list(tools.stream().map(TemplateValues::tool).toList());
    }

    /** {@code api.Tool} from a client's tool definition. */
    private static GoStruct tool(JsonNode t) {
        JsonNode f = t.path("function");
        JsonNode p = f.path("parameters");
        Map<String, Object> properties = null;
        if (p.path("properties").isObject()) {
            properties = new LinkedHashMap<>();
            for (var e : p.path("properties").properties()) {
                properties.put(e.getKey(), property(e.getValue()));
            }
        }
        var parameters = new GoStruct("api.ToolFunctionParameters", List.of(
                new Field("Type", "type", false, p.path("type").asText("")),
                new Field("Defs", "$defs", true, plain(p.get("$defs"))),
                new Field("Items", "items", true, plain(p.get("items"))),
                new Field("Required", "required", false, plain(p.get("required"))),
                new Field("Properties", "properties", false, properties)), false);
        var function = new GoStruct("api.ToolFunction", List.of(new Field("Name", "name", false,
                f.path("name").asText("")), new Field("Description", "description", false,
                f.path("description").asText("")), new Field("Parameters", "parameters", false, parameters)), true);
        return new GoStruct("api.Tool", List.of(new Field("Type", "type", false, t.path("type").asText("function")),
                new Field("Items", "items", true, plain(t.get("items"))),
                new Field("Function", "function", false, function)), true);
    }

    /** {@code api.ToolProperty}; its type is one name or a list of them, as {@code PropertyType} marshals. */
    private static GoStruct property(JsonNode prop) {
        JsonNode type = prop.path("type");
        Object goType = type.isArray() && type.size() == 1 ? type.get(0).asText() : plain(type.isMissingNode() ? null
                : type);
        return new GoStruct("api.ToolProperty", List.of(new Field("Type", "type", false, goType),
                new Field("Items", "items", true, plain(prop.get("items"))),
                new Field("Description", "description", false, prop.path("description").asText("")),
                new Field("Enum", "enum", true, plain(prop.get("enum")))), false);
    }

    private static Map<String, Object> object(JsonNode node) {
        Object v = plain(node);
        if (!(v instanceof Map<?, ?> map)) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, Object>();
        map.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** JSON as template values: objects as maps, arrays as lists, integers as Long, other numbers as Double. */
    static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            var map = new LinkedHashMap<String, Object>();
            node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            var list = new ArrayList<Object>();
            node.forEach(e -> list.add(plain(e)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }
}
