package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The validator accepts and rejects as llama.cpp b4916 does, and refuses the grammars that crash or hang it. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GbnfValidatorTest {

    static List<Arguments> accepted() {
        return LlamaCppGrammarCases.ACCEPTED;
    }

    static List<Arguments> rejected() {
        return LlamaCppGrammarCases.REJECTED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsWhatLlamaCppAccepts(String source, String grammar) {
        assertDoesNotThrow(() -> GbnfValidator.check(grammar));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWhatLlamaCppRejects(String source, String grammar, String llamaCppMessage) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> GbnfValidator.check(grammar));

        assertTrue(e.getMessage().startsWith("invalid grammar: " + llamaCppMessage), e.getMessage());
    }

    @Test
    void enoughCasesOfEachKind() {
        assertTrue(accepted().size() >= 30 && rejected().size() >= 30, accepted().size() + " / " + rejected().size());
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertEquals("invalid grammar: expecting ')' at line 2, column 18: \"]\"",
                message("root ::= x\nx ::= (\"a\" | \"b\" ]"));
        assertEquals("invalid grammar: unknown escape at line 1, column 12: \"\\\\d{3}\\\"\"", message("root ::= \"a\\d{3}\""));
        assertEquals("invalid grammar: unexpected end of input", message("root ::= \"é"));
        assertEquals("invalid grammar: expecting ::= at line 1, column 6: \":= \\\"a\\\"\"", message("root := \"a\""));
    }

    @Test
    void undefinedRulesAreNamedWhereFirstUsed() {
        assertEquals("invalid grammar: Undefined rule identifier 'digit' at line 2, column 9: \"digit+ | \\\"0\\\"\"",
                message("root ::= num\nnum ::= digit+ | \"0\"\nother ::= digit"));
        assertEquals("invalid grammar: Undefined rule 'x' at line 1, column 14: \"x*\"", message("root ::= \"a\" x*"));
    }

    @Test
    void leftRecursionNamesTheRule() {
        assertEquals("invalid grammar: unsupported grammar, left recursion detected for nonterminal at index 1 (rule 'a')",
                message("root ::= \"x\" a\na ::= b \"y\"\nb ::= | c\nc ::= a"));
    }

    @Test
    void leftRecursionThroughIndirectlyEmptyRulesIsRefused() {
        // b4916 sees no left recursion (b has no empty alternative itself) and dies of a stack overflow on "x"
        String grammar = "root ::= \"x\" r\nr ::= a r | \"y\"\na ::= b\nb ::= c\nc ::= \"\" | \"z\"";

        assertEquals("invalid grammar: left recursion detected for nonterminal 'r' through rules that can match the"
                + " empty string (llama.cpp does not detect this and crashes)", message(grammar));
    }

    @Test
    void nestedOptionalRepetitionsAreRefused() {
        // b4916 hangs in llama_grammar_init_impl on this one (from llama.cpp's "hang" test)
        String grammar = "root ::= (((((([^x]*){0,99}){0,99}){0,99}){0,99}){0,99}){0,99}";

        assertTrue(message(grammar).startsWith("invalid grammar: grammar too ambiguous for llama.cpp: it would build"
                + " over 10^15 parse stacks at one position"), message(grammar));
    }

    @Test
    void tooManyAlternativesAtOnePositionAreRefused() {
        assertDoesNotThrow(() -> GbnfValidator.check(alternatives(9_999)));
        assertEquals("invalid grammar: grammar too ambiguous for llama.cpp: it would build 10001 parse stacks at one"
                + " position (at most 10000); long lists of alternatives and nested optional repetitions such as"
                + " (x*){0,9} make them", message(alternatives(10_000)));
    }

    private static String alternatives(int count) {
        StringBuilder grammar = new StringBuilder("root ::= \"v\"");
        for (int i = 0; i < count; i++) {
            grammar.append(" | \"").append(i).append('"');
        }
        return grammar.toString();
    }

    @Test
    void repetitionsThatExpandTooFarAreRefused() {
        // b4916 takes ~2 GB for this one; {0,2147483647} fails there with std::bad_alloc
        assertEquals("invalid grammar: repetition at end of input makes the grammar larger than 2000000 elements in"
                + " llama.cpp; use smaller counts", message("root ::= \"a\"{0,3000000}"));
        assertDoesNotThrow(() -> GbnfValidator.check("root ::= [a-z]{0,100000}"));
    }

    @Test
    void unusedRulesAreNotCheckedForCrashes() {
        // llama.cpp never enters "unused", so its hidden left recursion is harmless
        assertDoesNotThrow(() -> GbnfValidator.check("root ::= \"x\"\nunused ::= a unused\na ::= b\nb ::= \"\""));
    }

    @Test
    void deepNestingIsAnInvalidRequest() {
        String grammar = "root ::= " + "(".repeat(200_000) + "\"a\"" + ")".repeat(200_000);

        assertEquals("invalid grammar: the grammar is nested too deeply to check", message(grammar));
    }

    private static String message(String grammar) {
        return assertThrows(InvalidRequestException.class, () -> GbnfValidator.check(grammar)).getMessage();
    }
}
