package dev.helix.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.protocol.openai.OpenAiError;

/** The JSON in response streams and error bodies, read with the wire records and their one mapper configuration. */
final class Payloads {
    static final ObjectMapper JSON = WireJson.mapper();

    private Payloads() {}

    /**
     * The message of the error in {@code payload} ({@code {"error":{"message":...}}} as OpenAI sends it, or
     * {@code {"error":"..."}} as Ollama and some others do), or null when it holds no error.
     */
    static String errorMessage(JsonNode payload) {
        JsonNode error = payload.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        try {
            String message = JSON.treeToValue(payload, OpenAiError.class).error().message();
            return message != null ? message : error.toString();
        } catch (java.io.IOException e) {
            return error.toString();
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
