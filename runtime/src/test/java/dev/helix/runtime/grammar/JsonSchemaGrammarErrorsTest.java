package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.provider.InvalidRequestException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schemas llama.cpp cannot convert: the native converter aborts, crashes or hangs on these, so they are checked
 * in Java only. Each must be an {@link InvalidRequestException} naming the problem, quickly: the timeout runs
 * each test in its own thread, so an endless loop fails the test instead of hanging the build.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JsonSchemaGrammarErrorsTest {
    private static final String FAILED = "JSON schema conversion failed:\n";

    static Stream<Arguments> invalidSchemas() {
        return Stream.of(
                // llama.cpp's own errors, collected (the native converter throws them uncaught: SIGABRT)
                Arguments.of("{\"type\":\"nonsense\"}", FAILED + "Unrecognized schema: {\"type\":\"nonsense\"}"),
                Arguments.of("{\"description\":\"no type\"}", FAILED + "Unrecognized schema: {\"description\":\"no type\"}"),
                Arguments.of("{\"type\":\"array\",\"items\":true}", FAILED + "Unrecognized schema: true"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"abc\"}",
                        FAILED + "Pattern must start with '^' and end with '$'"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^abc\"}",
                        FAILED + "Pattern must start with '^' and end with '$'"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"\"}",
                        FAILED + "Pattern must start with '^' and end with '$'"),
                Arguments.of("{\"$ref\":\"#/$defs/nope\"}",
                        FAILED + "Error resolving ref #/$defs/nope: $defs not in {\"$ref\":\"#/$defs/nope\"}"),
                Arguments.of("{\"$defs\":{\"x\":{\"anyOf\":[{\"type\":\"string\"}]}},\"$ref\":\"#/$defs/x/anyOf/0\"}",
                        FAILED + "Error resolving ref #/$defs/x/anyOf/0: 0 not in [{\"type\":\"string\"}]"),
                Arguments.of("{\"$ref\":\"other.json#/a\"}", FAILED + "Unsupported ref: other.json#/a"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^[ab$\"}", FAILED + "Unbalanced square brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a{2$\"}", FAILED + "Unbalanced curly brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a{x}$\"}", FAILED + "Invalid number in curly brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a{1,2,3}$\"}",
                        FAILED + "Wrong number of values in curly brackets"),
                // remote refs are never fetched
                Arguments.of("{\"$ref\":\"https://example.com/s.json#/$defs/x\"}",
                        FAILED + "Unsupported ref: https://example.com/s.json#/$defs/x (remote schemas are not fetched)"),
                Arguments.of("{\"$ref\":\"https://example.com/s.json\"}",
                        FAILED + "Unsupported ref: https://example.com/s.json (remote schemas are not fetched)"),
                // wrong value types (nlohmann type_error.302 in llama.cpp)
                Arguments.of("{\"type\":\"array\",\"items\":{},\"minItems\":\"2\"}",
                        "JSON schema conversion failed: type must be number, but is string (minItems)"),
                Arguments.of("{\"$ref\":5}", "JSON schema conversion failed: type must be string, but is number ($ref)"),
                Arguments.of("{\"oneOf\":{}}", "JSON schema conversion failed: type must be array, but is object (oneOf)"),
                Arguments.of("{\"format\":1}", "JSON schema conversion failed: type must be string, but is number (format)"),
                // undefined behaviour in llama.cpp b4916: crash, endless loop, or uncaught std::out_of_range
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^(?:ab)+$\"}",
                        FAILED + "Unsupported pattern syntax: groups starting with '(?' (non-capturing or lookaround)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^(?=x)a$\"}",
                        FAILED + "Unsupported pattern syntax: groups starting with '(?' (non-capturing or lookaround)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^*a$\"}",
                        FAILED + "Unsupported pattern syntax: nothing to repeat before '*'"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^{2}a$\"}",
                        FAILED + "Unsupported pattern syntax: nothing to repeat before '{'"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a]$\"}", FAILED + "Unbalanced square brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a}$\"}", FAILED + "Unbalanced curly brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a{99999999999}$\"}",
                        FAILED + "Invalid number in curly brackets"),
                Arguments.of("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}},\"allOf\":[{\"$ref\":\"#/$defs/a\"}]}",
                        FAILED + "Circular $ref in allOf: #/$defs/a"),
                // wrong in llama.cpp b4916 (a grammar it drops, or one that ignores part of the pattern)
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^ab)cd$\"}",
                        FAILED + "Unbalanced parentheses: ')' without '('"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^(ab$\"}",
                        FAILED + "Unbalanced parentheses: '(' without ')'"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a$|^b$\"}",
                        FAILED + "Unsupported pattern syntax: '$' inside the pattern (only a leading '^' and a trailing"
                                + " '$' are supported)\nUnsupported pattern syntax: '^' inside the pattern (only a leading"
                                + " '^' and a trailing '$' are supported)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^\\\\bword$\"}",
                        FAILED + "Unsupported pattern syntax: escape '\\b' (word boundary)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^(a)\\\\1$\"}",
                        FAILED + "Unsupported pattern syntax: escape '\\1' (back reference)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^\\\\p{L}$\"}",
                        FAILED + "Unsupported pattern syntax: escape '\\p'\nInvalid number in curly brackets"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^[]$\"}",
                        FAILED + "Unsupported pattern syntax: a character class that matches nothing"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^[z-a]$\"}",
                        FAILED + "Unsupported pattern syntax: invalid range in a character class"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a{3,1}$\"}",
                        FAILED + "Invalid range in curly brackets: {3,1}"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^a|*$\"}",
                        FAILED + "Unsupported pattern syntax: nothing to repeat before '*'"),
                // limits nothing can meet, or that do not make sense
                Arguments.of("{\"anyOf\":[]}", FAILED + "Empty anyOf: no value matches it"),
                Arguments.of("{\"oneOf\":[]}", FAILED + "Empty oneOf: no value matches it"),
                Arguments.of("{\"type\":[]}", FAILED + "Empty type: no value matches it"),
                Arguments.of("{\"enum\":[]}", FAILED + "Empty enum: no value matches it"),
                Arguments.of("{\"type\":\"array\",\"items\":{},\"minItems\":3,\"maxItems\":1}",
                        "JSON schema conversion failed: minItems (3) is greater than maxItems (1)"),
                Arguments.of("{\"type\":\"string\",\"minLength\":3,\"maxLength\":1}",
                        "JSON schema conversion failed: minLength (3) is greater than maxLength (1)"),
                Arguments.of("{\"type\":\"array\",\"items\":{},\"maxItems\":-1}",
                        "JSON schema conversion failed: maxItems must not be negative, but is -1"),
                Arguments.of("{\"type\":\"integer\",\"minimum\":5,\"maximum\":3}",
                        "JSON schema conversion failed: no integer is at least 5 and at most 3"),
                Arguments.of("{\"type\":\"integer\",\"exclusiveMinimum\":1.5,\"exclusiveMaximum\":2}",
                        "JSON schema conversion failed: no integer is at least 2 and at most 1"),
                Arguments.of("{\"type\":\"integer\",\"minimum\":1e17}",
                        "JSON schema conversion failed: integer bounds beyond 9999999999999999 in magnitude are not"
                                + " supported (integers are generated with at most 16 digits)"),
                // grammars llama.cpp b4916 would load and then crash or hang on, or run out of memory for
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^(a*)*$\"}",
                        "JSON schema conversion failed: invalid grammar: left recursion detected for nonterminal"
                                + " 'root_1' through rules that can match the empty string (llama.cpp does not"
                                + " detect this and crashes)"),
                Arguments.of("{\"type\":\"string\",\"pattern\":\"^((a?){0,20}){0,20}$\"}",
                        "JSON schema conversion failed: invalid grammar: grammar too ambiguous for llama.cpp: it"
                                + " would build over 10^15 parse stacks at one position (at most 10000); long lists"
                                + " of alternatives and nested optional repetitions such as (x*){0,9} make them"),
                Arguments.of("{\"type\":\"string\",\"maxLength\":3000000}",
                        "JSON schema conversion failed: invalid grammar: repetition at line 2, column 31:"
                                + " \"\\\"\\\\\\\"\\\" space\" makes the grammar larger than 2000000 elements in"
                                + " llama.cpp; use smaller counts"),
                // not a JSON object
                Arguments.of("[]", "JSON schema must be a JSON object, but is array"),
                Arguments.of("true", "JSON schema must be a JSON object, but is boolean"),
                Arguments.of("\"string\"", "JSON schema must be a JSON object, but is string"),
                Arguments.of("null", "JSON schema must be a JSON object, but is null"),
                // not JSON
                Arguments.of("", "JSON schema is not valid JSON: the text is empty"),
                Arguments.of("{\"a\":\"\\ud800\"}",
                        "JSON schema is not valid JSON: a string holds an unpaired UTF-16 surrogate"),
                Arguments.of("{\"a\":1e999}", "JSON schema is not valid JSON: number overflow"),
                Arguments.of("[".repeat(300) + "]".repeat(300), "JSON schema is nested too deeply (more than 200 levels)"));
    }

    @ParameterizedTest
    @MethodSource("invalidSchemas")
    void rejectedWithMessage(String schema, String message) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(schema));

        assertEquals(message, e.getMessage());
        assertNull(e.param(), "the API layer names the request field");
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonSaysWhere(String text, String where) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(text));

        assertTrue(e.getMessage().startsWith("JSON schema is not valid JSON (" + where + "): "), e.getMessage());
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("{", "line 1, column 2"),
                Arguments.of("{\"type\":}", "line 1, column 9"),
                Arguments.of("{} trailing", "line 1, column 12"),
                Arguments.of("{'type':'string'}", "line 1, column 2"),
                Arguments.of("{\"type\":\"string\" /* comment */}", "line 1, column 18"),
                Arguments.of("{\"enum\":[1,]}", "line 1, column 12"));
    }

    @Test
    void collectsEveryErrorInVisitOrder() {
        String schema = """
                {"type":"object","properties":{
                  "a":{"type":"nonsense"},
                  "b":{"type":"string","pattern":"x"},
                  "c":{"$ref":"#/nope"}}}""";

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(schema));

        String[] lines = e.getMessage().split("\n");
        assertEquals(4, lines.length, e.getMessage());
        assertEquals("JSON schema conversion failed:", lines[0]);
        assertTrue(lines[1].startsWith("Error resolving ref #/nope: nope not in {"), lines[1]);
        assertEquals("Unrecognized schema: {\"type\":\"nonsense\"}", lines[2]);
        assertEquals("Pattern must start with '^' and end with '$'", lines[3]);
    }

    @Test
    void deepJsonNodeIsRejected() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        ObjectNode node = schema;
        for (int i = 0; i < 300; i++) {
            node = node.put("type", "array").putObject("items");
        }

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(schema));

        assertEquals("JSON schema is nested too deeply (more than 200 levels)", e.getMessage());
    }

    @Test
    void nonObjectJsonNodeIsRejected() {
        JsonNode schema = JsonNodeFactory.instance.arrayNode();

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(schema));

        assertEquals("JSON schema must be a JSON object, but is array", e.getMessage());
    }

    @Test
    void patternTooDeepForTheStackIsRejected() {
        String schema = "{\"type\":\"string\",\"pattern\":\"^" + "(".repeat(200_000) + ")".repeat(200_000) + "$\"}";

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(schema));

        assertEquals("JSON schema is too deeply nested or recursive to convert", e.getMessage());
    }
}
