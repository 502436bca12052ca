package dev.helix.provider;

import java.util.Objects;

/**
 * A shape the generated text must follow. A backend that cannot enforce it rejects the request; it never
 * generates unconstrained text instead.
 */
public sealed interface OutputConstraint {

    /** Any JSON object (Ollama {@code format:"json"}, OpenAI {@code json_object}). */
    record AnyJson() implements OutputConstraint {}

    /** JSON matching this JSON Schema, given as JSON text. */
    record JsonSchema(String schema) implements OutputConstraint {
        public JsonSchema {
            Objects.requireNonNull(schema, "schema");
        }
    }
}
