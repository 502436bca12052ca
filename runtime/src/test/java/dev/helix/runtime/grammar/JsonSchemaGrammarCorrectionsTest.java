package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import de.kherud.llama.LlamaModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where llama.cpp b4916's converter is wrong, the Java grammar lets the model write exactly the JSON the schema
 * allows (judged as llama.cpp's sampler would, by {@link GbnfMatcher}), and b4916's grammar does not: llama.cpp
 * cannot load it, or it allows or refuses one of the examples wrongly.
 */
class JsonSchemaGrammarCorrectionsTest {

    @BeforeAll
    static void prepareNativeLibrary() {
        NativeLlama.prepare();
    }

    static List<CorrectedSchemas.Corrected> corrected() {
        return CorrectedSchemas.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrected")
    void javaGrammarAllowsExactlyTheSchemasJson(CorrectedSchemas.Corrected schema) {
        GbnfMatcher grammar = GbnfMatcher.of(JsonSchemaGrammar.convert(schema.schema()));

        for (String json : schema.allowed()) {
            assertTrue(grammar.matches(json), "must allow " + json);
        }
        for (String json : schema.refused()) {
            assertFalse(grammar.matches(json), "must refuse " + json);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corrected")
    void nativeGrammarIsWrong(CorrectedSchemas.Corrected schema) {
        String nativeGrammar = LlamaModel.jsonSchemaToGrammar(schema.schema());
        GbnfMatcher grammar;
        try {
            grammar = GbnfMatcher.of(nativeGrammar);
        } catch (InvalidRequestException e) {
            return; // llama.cpp would drop this grammar and sample unconstrained
        }
        boolean wrong = schema.allowed().stream().anyMatch(json -> !grammar.matches(json))
                || schema.refused().stream().anyMatch(grammar::matches);

        assertTrue(wrong, "b4916's grammar should be wrong (" + schema.nativeFault() + "):\n" + nativeGrammar);
    }
}
