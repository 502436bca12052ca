package dev.helix.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import java.util.ArrayList;
import java.util.List;

/** The tool fields both APIs share (they take the same {@code tools} shape); each failure is a 400 naming the field. */
public final class ToolFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolFields() {}

    /**
     * Call arguments as compact JSON object text, from OpenAI's JSON string (or an object, which some clients send).
     * Checked here because the template engine parses them, and a parse error there ends the model's process.
     */
    public static String argumentsText(JsonNode arguments, String where) {
        if (arguments == null || arguments.isNull()) {
            return "{}";
        }
        JsonNode parsed = arguments;
        if (arguments.isTextual()) {
            try {
                parsed = JSON.readTree(arguments.asText().isBlank() ? "{}" : arguments.asText());
            } catch (java.io.IOException e) {
                throw new InvalidRequestException(where + " must be a JSON object encoded as a string", where);
            }
        }
        if (parsed == null || !parsed.isObject()) {
            throw new InvalidRequestException(where + " must be a JSON object encoded as a string", where);
        }
        return parsed.toString();
    }

    /** {@code tools}: {@code [{"type":"function","function":{name, description, parameters}}]}. */
    public static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("tools must be an array of {type: function, function: {...}}", "tools");
        }
        List<Tool> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            if (!"function".equals(tool.path("type").asText("function"))) {
                throw new InvalidRequestException(at + ".type must be \"function\"", at + ".type");
            }
            JsonNode function = tool.path("function");
            result.add(tool(function.get("name"), function.get("description"), function.get("parameters"),
                    at + ".function", "parameters"));
        }
        return result;
    }

    /**
     * One function tool from its parts, wherever an API puts them (Chat Completions under {@code function}, the
     * Responses API at the top, Anthropic's schema as {@code input_schema}).
     *
     * @param at              where the tool is, for messages ({@code tools[0].function})
     * @param parametersField the name of the schema's field ({@code parameters}, {@code input_schema})
     */
    public static Tool tool(JsonNode name, JsonNode description, JsonNode parameters, String at,
                            String parametersField) {
        if (name == null || !name.isTextual()) {
            throw new InvalidRequestException(at + ".name must be a string", at + ".name");
        }
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw new InvalidRequestException(at + "." + parametersField + " must be a JSON schema object",
                    at + "." + parametersField);
        }
        return new Tool(name.asText(), description == null || description.isNull() ? "" : description.asText(""),
                parameters == null || parameters.isNull() ? null : parameters.toString());
    }
}
