package dev.helix.provider;

import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name        what the model calls it by: letters, digits, '_', '-' and '.', at most 64 characters
 * @param description what it does, for the model; may be empty
 * @param parameters  a JSON schema (JSON text) of its arguments object
 */
public record Tool(String name, String description, String parameters) {
    private static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

    public Tool {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            throw new InvalidRequestException("tool name \"" + name + "\" must be 1-64 letters, digits, '_', '-' or '.'",
                    "tools");
        }
        description = description == null ? "" : description;
        parameters = parameters == null || parameters.isBlank() ? NO_PARAMETERS : parameters;
    }
}
