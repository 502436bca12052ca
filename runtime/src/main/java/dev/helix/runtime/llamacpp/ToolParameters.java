package dev.helix.runtime.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import dev.helix.runtime.grammar.JsonSchemaGrammar;
import java.io.IOException;

/**
 * A tool's parameters schema as both engines put it into the chat template, checked first: llama.cpp turns a
 * template's tools into a grammar with its own schema converter, which aborts the whole runner on a schema it cannot
 * convert, so each one is converted here by the Java converter, which refuses as a 400 naming the tool what the
 * native one cannot handle. The ffm engine checks the same, so a request is refused alike on both.
 */
final class ToolParameters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolParameters() {
    }

    /** The schema, parsed and convertible to a grammar; a 400 naming the tool ({@code param} tools) if not. */
    static JsonNode of(Tool tool) {
        JsonNode parameters;
        try {
            parameters = JSON.readTree(tool.parameters());
        } catch (IOException e) {
            throw new InvalidRequestException("tools: the parameters of \"" + tool.name() + "\" are not JSON",
                    "tools");
        }
        try {
            JsonSchemaGrammar.convert(parameters);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("tools: the parameters of \"" + tool.name() + "\": " + e.getMessage(),
                    "tools");
        }
        return parameters;
    }
}
