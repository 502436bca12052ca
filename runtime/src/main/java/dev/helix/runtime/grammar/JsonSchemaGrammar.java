/*
 * Helix's JSON Schema to GBNF converter is a port of llama.cpp's common/json-schema-to-grammar.cpp (with
 * examples/json_schema_to_grammar.py as reference) at build b4916, https://github.com/ggml-org/llama.cpp.
 *
 * MIT License
 *
 * Copyright (c) 2023-2024 The ggml authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
 * documentation files (the "Software"), to deal in the Software without restriction, including without
 * limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the
 * Software, and to permit persons to whom the Software is furnished to do so, subject to the following
 * conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or substantial portions
 * of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED
 * TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL
 * THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
 * CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
 * DEALINGS IN THE SOFTWARE.
 */
package dev.helix.runtime.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.provider.InvalidRequestException;
import java.util.Objects;

/**
 * Converts a JSON Schema into the GBNF grammar llama.cpp samples under, in pure Java: the text is byte for byte
 * what llama.cpp b4916's {@code json_schema_to_grammar} produces wherever that is right. Where b4916's grammar is
 * wrong (llama.cpp cannot parse it and ignores it, or it lets the model write invalid JSON or values the schema
 * forbids) this one is right instead: see {@link GbnfLiterals}, {@link RegexToGbnf}, {@link NotStrings},
 * {@link SchemaBounds}, and {@code {}} meaning any value. A schema it cannot express is an
 * {@link InvalidRequestException} carrying llama.cpp's error text (all errors, one per line), where the native
 * converter would abort the process. Every grammar is checked with {@link GbnfValidator} before it is returned,
 * so a grammar llama.cpp would not run is an {@link InvalidRequestException} too, never a dropped constraint.
 */
public final class JsonSchemaGrammar {
    private static final String ANY_OBJECT = convert("{\"type\":\"object\"}");

    private JsonSchemaGrammar() {}

    /**
     * The grammar for a schema given as JSON text.
     *
     * @throws InvalidRequestException if the text is not JSON, is not a JSON object, or cannot be converted
     */
    public static String convert(String schemaJson) {
        Objects.requireNonNull(schemaJson, "schemaJson");
        return convert(SchemaParser.parse(schemaJson));
    }

    /**
     * The grammar for a schema already parsed by Jackson (object keys in written order).
     *
     * @throws InvalidRequestException if the node is not a JSON object or cannot be converted
     */
    public static String convert(JsonNode schema) {
        Objects.requireNonNull(schema, "schema");
        return convert(SchemaParser.fromJackson(schema));
    }

    /** The grammar for any JSON object: Ollama's {@code format: "json"}, OpenAI's {@code json_object}. */
    public static String anyJsonObject() {
        return ANY_OBJECT;
    }

    private static String convert(Json schema) {
        if (!schema.isObject()) {
            throw new InvalidRequestException("JSON schema must be a JSON object, but is " + schema.typeName(), null);
        }
        String grammar;
        try {
            grammar = SchemaConverter.toGrammar(schema, false);
        } catch (StackOverflowError e) {
            throw new InvalidRequestException("JSON schema is too deeply nested or recursive to convert", null);
        }
        try {
            GbnfValidator.check(grammar);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("JSON schema conversion failed: " + e.getMessage(), null);
        }
        return grammar;
    }
}
