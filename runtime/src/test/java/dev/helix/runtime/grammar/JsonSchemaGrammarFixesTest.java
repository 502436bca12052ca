package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corrected grammar text for each fault of llama.cpp b4916's converter, rule by rule (what b4916 writes is in
 * the comments). {@link JsonSchemaGrammarCorrectionsTest} shows what these rules let the model write.
 */
class JsonSchemaGrammarFixesTest {

    static Stream<Arguments> fixes() {
        return Stream.of(
                // b4916: root ::= "[" space (integer ("," space integer){0,-1})? "]" space, which llama.cpp cannot parse
                Arguments.of("""
                        {"type":"array","items":{"type":"integer"},"maxItems":0}""",
                        "root ::= \"[\" space  \"]\" space"),
                // b4916: "\"back\\slash\"": the model writes "back\slash", which is not JSON
                Arguments.of("""
                        {"enum":["back\\\\slash","new\\nline"]}""",
                        "root ::= (\"\\\"back\\\\\\\\slash\\\"\" | \"\\\"new\\\\nline\\\"\") space"),
                // b4916: "\"a\u0007b\"", a raw control character in the string
                Arguments.of("""
                        {"const":"a\\u0007b"}""",
                        "root ::= \"\\\"a\\\\u0007b\\\"\" space"),
                // b4916: a minimum of -1294967296, and the maximum 3000000001 wraps too
                Arguments.of("""
                        {"type":"integer","minimum":3000000000,"maximum":3000000001}""",
                        "root ::= (\"300000000\" [0-1]) space"),
                // b4916: root ::= object
                Arguments.of("{}", "root ::= value\n"));
    }

    @ParameterizedTest
    @MethodSource("fixes")
    void correctedRules(String schema, String rules) {
        String grammar = JsonSchemaGrammar.convert(schema);

        assertTrue(grammar.contains(rules), "expected\n" + rules + "\nin\n" + grammar);
    }
}
