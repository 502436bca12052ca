package dev.helix.runtime;

import java.util.Objects;

/** A grammar the generated text must follow; a backend that cannot enforce one rejects the request. */
public sealed interface OutputConstraint {

    /** Any syntactically valid JSON value (Ollama {@code format:"json"}, OpenAI {@code json_object}). */
    record AnyJson() implements OutputConstraint {}

    /** JSON matching this JSON Schema, given as JSON text. */
    record JsonSchema(String schema) implements OutputConstraint {
        public JsonSchema {
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** A GBNF grammar, llama.cpp's own format. */
    record Gbnf(String grammar) implements OutputConstraint {
        public Gbnf {
            Objects.requireNonNull(grammar, "grammar");
        }
    }
}
