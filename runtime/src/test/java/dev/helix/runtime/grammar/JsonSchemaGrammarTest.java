package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The public entry points, without the native converter. */
class JsonSchemaGrammarTest {

    @Test
    void jsonNodeGivesTheSameGrammarAsText() throws Exception {
        String schema = """
                {"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"integer"}},
                 "required":["alpha"]}""";

        assertEquals(JsonSchemaGrammar.convert(schema), JsonSchemaGrammar.convert(new ObjectMapper().readTree(schema)));
    }

    @Test
    void optionalPropertiesFollowTheWrittenOrder() {
        String grammar = JsonSchemaGrammar.convert("""
                {"type":"object","properties":{"zeta":{"type":"string"},"alpha":{"type":"integer"}}}""");

        assertTrue(grammar.contains("root ::= \"{\" space  (zeta-kv zeta-rest | alpha-kv )? \"}\" space\n"), grammar);
        assertTrue(grammar.contains("zeta-rest ::= ( \",\" space alpha-kv )?\n"), grammar);
    }

    @Test
    void anyJsonObjectIsTheObjectPrimitive() {
        String grammar = JsonSchemaGrammar.anyJsonObject();

        assertEquals(JsonSchemaGrammar.convert("{\"type\":\"object\"}"), grammar);
        assertTrue(grammar.contains("\nroot ::= object\n"), grammar);
        assertTrue(grammar.startsWith("array ::= "), grammar);
        assertTrue(grammar.endsWith("value ::= object | array | string | number | boolean | null\n"), grammar);
    }
}
