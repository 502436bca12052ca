package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.kherud.llama.LlamaModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java converter writes exactly what llama.cpp's native converter (the binding's b4916) writes, wherever that
 * is right ({@link CorrectedSchemas} has the rest), and the validator accepts both.
 */
class JsonSchemaGrammarNativeEqualityTest {

    @BeforeAll
    static void prepareNativeLibrary() {
        NativeLlama.prepare();
    }

    static List<SupportedSchemas.Named> corpus() {
        return SupportedSchemas.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void sameGrammarAsLlamaCpp(SupportedSchemas.Named schema) {
        String expected = LlamaModel.jsonSchemaToGrammar(schema.schema());

        assertEquals(expected, JsonSchemaGrammar.convert(schema.schema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bothGrammarsPassTheValidator(SupportedSchemas.Named schema) {
        assertDoesNotThrow(() -> GbnfValidator.check(LlamaModel.jsonSchemaToGrammar(schema.schema())));
        assertDoesNotThrow(() -> GbnfValidator.check(JsonSchemaGrammar.convert(schema.schema())));
    }

    @Test
    void corpusCoversEnoughSchemas() {
        assertTrue(SupportedSchemas.all().size() >= 40, "corpus size " + SupportedSchemas.all().size());
    }

    @Test
    void anyJsonObjectIsWhatLlamaCppGivesForTypeObject() {
        assertEquals(LlamaModel.jsonSchemaToGrammar("{\"type\":\"object\"}"), JsonSchemaGrammar.anyJsonObject());
    }
}
