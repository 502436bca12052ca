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
                // b4916: "\xC3" "\xA9"+ (the last byte of é repeated), both halves shown as U+FFFD
                Arguments.of("""
                        {"type":"string","pattern":"^é+$"}""",
                        "root ::= \"\\\"\" (\"é\"+) \"\\\"\" space"),
                // b4916: "say \"hi\"", which ends the JSON string after "say "
                Arguments.of("""
                        {"type":"string","pattern":"^say \\"hi\\"$"}""",
                        "root ::= \"\\\"\" (\"say \\\\\\\"hi\\\\\\\"\") \"\\\"\" space"),
                // b4916: dot ::= [^\x0A\x0D], a raw quote, backslash or control character included
                Arguments.of("""
                        {"type":"string","pattern":"^.\\\\d$"}""",
                        "dot ::= ([ !#-\\x5B\\x5D-\\u2027\\u202A-\\uD7FF\\uE000-\\U0010FFFF] | \"\\\\\\\"\" | \"\\\\\\\\\""
                                + " | \"\\\\\" [bft] | \"\\\\u000\" [0-7bef] | \"\\\\u001\" [0-9a-f])\n"
                                + "root ::= \"\\\"\" (dot [0-9]) \"\\\"\" space"),
                // b4916: root ::= object
                Arguments.of("{}", "root ::= value\n"),
                // b4916: [^"\xC3a] char* (one byte of é), and a raw backslash or control character may start a key
                Arguments.of("""
                        {"type":"object","properties":{"é":{"type":"null"}},"additionalProperties":true}""",
                        "additional-k ::= [\"] ( [é] char+ | ([^\"\\\\\\x7F\\x00-\\x1Fé] | [\\\\] ([\"\\x5Cbfnrt]"
                                + " | \"u\" [0-9a-fA-F]{4})) char* )? [\"] space"));
    }

    @ParameterizedTest
    @MethodSource("fixes")
    void correctedRules(String schema, String rules) {
        String grammar = JsonSchemaGrammar.convert(schema);

        assertTrue(grammar.contains(rules), "expected\n" + rules + "\nin\n" + grammar);
    }
}
