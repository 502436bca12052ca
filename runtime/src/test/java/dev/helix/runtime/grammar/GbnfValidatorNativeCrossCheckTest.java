package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator's verdicts against llama.cpp b4916 itself, observed through a real model. b4916 samples
 * unconstrained under a grammar it refuses, so greedy output under a refused grammar is the same text as with no
 * grammar; under an accepted one it is text the grammar allows. A case counts only where the unconstrained text is
 * not itself something the grammar allows. Only grammars b4916 refuses cleanly are used: the ones that crash it
 * are refused by {@link GbnfValidatorTest} alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GbnfValidatorNativeCrossCheckTest {
    private static final String PROMPT = "Once upon a time";
    private static LlamaModel model;
    private static String unconstrained;

    @BeforeAll
    static void loadModel() {
        model = NativeLlama.loadTinyModel(256);
        unconstrained = generate(null);
        assertFalse(unconstrained.isEmpty());
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    static List<Arguments> accepted() {
        return LlamaCppGrammarCases.ACCEPTED;
    }

    static List<Arguments> rejected() {
        return LlamaCppGrammarCases.REJECTED;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void llamaCppConstrainsOutputUnderAcceptedGrammars(String source, String grammar) {
        GbnfMatcher matcher = GbnfMatcher.of(grammar);
        assumeFalse(matcher.matchesPrefix(unconstrained), "the grammar allows the unconstrained text too");

        String output = generate(grammar);

        assertTrue(matcher.matchesPrefix(output), "[" + output + "] under\n" + grammar);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void llamaCppIgnoresRejectedGrammars(String source, String grammar, String message) {
        assertEquals(unconstrained, generate(grammar), grammar);
    }

    private static String generate(String grammar) {
        InferenceParameters parameters = new InferenceParameters(PROMPT).setTemperature(0).setNPredict(16);
        if (grammar != null) {
            parameters.setGrammar(grammar);
        }
        return model.complete(parameters);
    }
}
