package dev.helix.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.KeepAlive;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.OutputConstraint;
import java.util.ArrayList;
import java.util.List;

/** Request fields both APIs read the same way; each failure is a 400 naming the field. */
public final class RequestFields {
    /** Stop strings a request may give, on every API (OpenAI's own limit is 4; llama.cpp-based servers take more). */
    public static final int MAX_STOP_STRINGS = 16;
    /** Characters in one stop string: each is matched against the text after every token. */
    public static final int MAX_STOP_LENGTH = 1024;

    private RequestFields() {}

    public static String model(String model) {
        if (model == null || model.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        return model;
    }

    /** Refuses a stop string longer than {@link #MAX_STOP_LENGTH}, naming the field. */
    public static String stopString(String stop, String field) {
        if (stop.length() > MAX_STOP_LENGTH) {
            throw new InvalidRequestException(field + ": a stop string has at most " + MAX_STOP_LENGTH
                    + " characters, not " + stop.length(), field);
        }
        return stop;
    }

    /** Ollama's keep_alive, also accepted on /v1: seconds or a duration string; null when absent. */
    public static KeepAlive keepAlive(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return KeepAlive.parse(value.isNumber() ? value.numberValue() : value.isTextual() ? value.asText() : value);
    }

    /** A string or a non-empty array of strings. */
    public static List<String> texts(JsonNode input, String field) {
        if (input != null && input.isTextual()) {
            return List.of(input.asText());
        }
        if (input != null && input.isArray() && !input.isEmpty()) {
            List<String> result = new ArrayList<>(input.size());
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new InvalidRequestException(field + " must be a string or an array of strings", field);
                }
                result.add(item.asText());
            }
            return result;
        }
        throw new InvalidRequestException(field + " must be a non-empty string or array of strings", field);
    }

    /** Stop strings: a string or an array of at most {@link #MAX_STOP_STRINGS} strings; none when absent. */
    public static List<String> stopStrings(JsonNode stop, String field) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stopString(stop.asText(), field));
        }
        if (stop.isArray() && stop.size() <= MAX_STOP_STRINGS) {
            List<String> result = new ArrayList<>();
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new InvalidRequestException(field + " must be a string or an array of strings", field);
                }
                result.add(stopString(s.asText(), field));
            }
            return result;
        }
        throw new InvalidRequestException(field + " must be a string or an array of at most " + MAX_STOP_STRINGS
                + " strings", field);
    }

    /** A JSON schema the output must follow (enforced by a grammar the runtime derives from it). */
    public static OutputConstraint jsonSchema(JsonNode schema, String field) {
        if (schema == null || !schema.isObject()) {
            throw new InvalidRequestException(field + " must be a JSON schema object", field);
        }
        return new OutputConstraint.JsonSchema(schema.toString());
    }
}
