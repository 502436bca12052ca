package dev.helix.runtime.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.runtime.grammar.JsonSchemaGrammar;
import java.util.List;

/**
 * The grammar that forces a tool call: the JSON schema of {@code {"name": <the tool>, "arguments": <its parameters
 * schema>}} (an anyOf over the tools for {@code required}; with parallel calls, a non-empty array of those), converted
 * by {@link JsonSchemaGrammar}. Under it even a model that knows nothing of tools writes a call the parser reads.
 */
public final class ToolCallGrammar {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCallGrammar() {}

    /**
     * @throws InvalidRequestException when a tool's parameters are not a JSON schema object Helix can enforce
     */
    public static String forced(List<Tool> tools, ToolChoice choice, boolean parallel) {
        List<Tool> allowed = choice instanceof ToolChoice.Named named
                ? tools.stream().filter(t -> t.name().equals(named.name())).toList()
                : tools;
        ObjectNode call;
        if (allowed.size() == 1) {
            call = callSchema(allowed.get(0));
        } else {
            call = JSON.createObjectNode();
            ArrayNode anyOf = call.putArray("anyOf");
            allowed.forEach(t -> anyOf.add(callSchema(t)));
        }
        JsonNode schema = call;
        if (parallel) {
            ObjectNode array = JSON.createObjectNode().put("type", "array");
            array.set("items", call);
            array.put("minItems", 1);
            schema = array;
        }
        try {
            return JsonSchemaGrammar.convert(schema);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("tools: a tool's parameters cannot be enforced as a JSON schema: "
                    + e.getMessage(), "tools");
        }
    }

    private static ObjectNode callSchema(Tool tool) {
        JsonNode parameters;
        try {
            parameters = JSON.readTree(tool.parameters());
        } catch (java.io.IOException e) {
            throw new InvalidRequestException("tools: the parameters of \"" + tool.name() + "\" are not JSON", "tools");
        }
        if (parameters == null || !parameters.isObject()) {
            throw new InvalidRequestException("tools: the parameters of \"" + tool.name()
                    + "\" must be a JSON schema object", "tools");
        }
        ObjectNode call = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = call.putObject("properties");
        properties.putObject("name").put("const", tool.name());
        properties.set("arguments", parameters);
        call.putArray("required").add("name").add("arguments");
        return call;
    }
}
