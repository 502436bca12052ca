package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import dev.helix.providers.upstream.Dialect;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What every dialect's request translation shares: refusing the fields a server cannot honour (400 naming the backend,
 * never dropped silently), tools as function objects (OpenAI's shape, which Ollama takes too), stop strings, and JSON
 * text from a request parsed or refused.
 */
final class RequestParts {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestParts() {
    }

    /**
     * Refuses the first field in use that the server cannot honour in this dialect
     * ({@link dev.helix.providers.upstream.ServerProfile#refuses}), naming the backend and the field.
     */
    static void refuse(UpstreamEndpoint endpoint, Dialect dialect, List<Map.Entry<String, Boolean>> used) {
        var refused = endpoint.profile().refuses(dialect);
        for (var field : used) {
            if (field.getValue() && refused.contains(field.getKey())) {
                throw refusal(endpoint, dialect, field.getKey());
            }
        }
    }

    /**
     * Token log-probabilities are Helix's own engine's (engine: ffm); an upstream's are not asked for or read back
     * yet, so a request for them is refused rather than answered without them.
     */
    static void refuseLogprobs(UpstreamEndpoint endpoint, dev.helix.provider.GenerationOptions options) {
        if (options.wantsLogprobs()) {
            throw new InvalidRequestException("logprobs: Helix does not pass token log-probabilities to or from "
                    + endpoint.id() + " (" + endpoint.profile().name() + ") yet; ask a local model on engine: ffm",
                    "logprobs");
        }
    }

    /** The 400 for a field (or a whole kind of request) the server cannot honour in this dialect. */
    static InvalidRequestException refusal(UpstreamEndpoint endpoint, Dialect dialect, String field) {
        String api = dialect == Dialect.OPENAI ? "" : " through the " + dialect.title() + " API";
        return new InvalidRequestException(endpoint.id() + " (" + endpoint.profile().name() + ") does not support "
                + field + api + "; send the request without it or to another backend", field);
    }

    /** {@code [{"type":"function","function":{name, description, parameters}}]}. */
    static ArrayNode tools(ObjectMapper json, List<Tool> tools) {
        ArrayNode array = NODES.arrayNode();
        for (Tool tool : tools) {
            ObjectNode function = NODES.objectNode().put("name", tool.name());
            if (!tool.description().isEmpty()) {
                function.put("description", tool.description());
            }
            function.set("parameters", parse(json, tool.parameters(), "tools"));
            array.add(NODES.objectNode().put("type", "function").set("function", function));
        }
        return array;
    }

    /** The stop strings as an array, or null for none. */
    static ArrayNode stop(GenerationOptions o) {
        if (o.stop().isEmpty()) {
            return null;
        }
        ArrayNode array = NODES.arrayNode();
        o.stop().forEach(array::add);
        return array;
    }

    /** JSON text a request carries (a schema, tool arguments), or a 400 naming the field. */
    static JsonNode parse(ObjectMapper json, String text, String field) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new InvalidRequestException(field + ": not valid JSON: " + e.getMessage(), field);
        }
    }
}
