package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real model sampling under the Java grammar produces strict JSON that matches the schema, also under the
 * grammars Helix corrected. The model is tiny and writes nonsense, so the schemas bound every string and number
 * where they can (without the grammar its output is not JSON); greedy output is deterministic, and the prompts
 * were picked so the model finishes within the token limit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrammarConstrainsGenerationTest {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static LlamaModel model;

    @BeforeAll
    static void loadModel() {
        model = NativeLlama.loadTinyModel(512);
    }

    @AfterAll
    static void closeModel() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void objectWithBoundedFields() {
        String schema = """
                {"type":"object","properties":{
                  "name":{"type":"string","minLength":1,"maxLength":8},
                  "age":{"type":"integer","minimum":0,"maximum":120},
                  "ok":{"type":"boolean"},
                  "color":{"enum":["red","green"]}},
                 "required":["name","age","ok","color"],"additionalProperties":false}""";

        JsonNode value = generate(schema);

        assertEquals(Set.of("name", "age", "ok", "color"), fieldNames(value), value.toString());
        int nameLength = value.get("name").asText().length();
        assertTrue(value.get("name").isTextual() && nameLength >= 1 && nameLength <= 8, value.toString());
        assertTrue(value.get("age").isInt() && value.get("age").asInt() >= 0 && value.get("age").asInt() <= 120,
                value.toString());
        assertTrue(value.get("ok").isBoolean(), value.toString());
        assertTrue(List.of("red", "green").contains(value.get("color").asText()), value.toString());
    }

    @Test
    void arrayOfIntegersInRange() {
        JsonNode value = generate("""
                {"type":"array","items":{"type":"integer","minimum":-5,"maximum":9},"minItems":2,"maxItems":3}""");

        assertTrue(value.isArray() && value.size() >= 2 && value.size() <= 3, value.toString());
        for (JsonNode item : value) {
            assertTrue(item.isInt() && item.asInt() >= -5 && item.asInt() <= 9, value.toString());
        }
    }

    @Test
    void patternAndFormat() {
        JsonNode value = generate("""
                {"type":"object","properties":{
                  "code":{"type":"string","pattern":"^[A-Z]{2}-[0-9]{3}$"},
                  "when":{"type":"string","format":"date"},
                  "id":{"type":"string","format":"uuid"}},
                 "required":["code","when","id"]}""");

        assertEquals(Set.of("code", "when", "id"), fieldNames(value), value.toString());
        assertTrue(value.get("code").asText().matches("[A-Z]{2}-[0-9]{3}"), value.toString());
        assertTrue(value.get("when").asText().matches("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
                value.toString());
        assertTrue(value.get("id").asText().matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}"),
                value.toString());
    }

    // Grammars Helix corrected, where llama.cpp b4916's are dropped by llama.cpp or let the model write invalid JSON

    @Test
    void enumStringsWithEscapes() {
        JsonNode value = generate("""
                {"enum":["back\\\\slash","say \\"hi\\"","new\\nline","bell\\u0007"]}""", "JSON:");

        assertTrue(List.of("back\\slash", "say \"hi\"", "new\nline", "bell\u0007").contains(value.textValue()),
                value.toString());
    }

    @Test
    void constWithQuotesControlCharacterAndBackslash() {
        JsonNode value = generate("""
                {"const":"say \\"hi\\"\\u0007\\\\"}""", "JSON:");

        assertEquals("say \"hi\"\u0007\\", value.textValue());
    }

    @Test
    void patternWithNonAsciiQuoteAndBackslash() {
        JsonNode value = generate("""
                {"type":"string","pattern":"^é{1,3}\\"[a-c]{2}\\\\\\\\$"}""", "JSON:");

        assertTrue(value.textValue().matches("é{1,3}\"[a-c]{2}\\\\"), value.toString());
    }

    @Test
    void patternWithDotNegatedClassAndDigitEscape() {
        JsonNode value = generate("""
                {"type":"string","pattern":"^.{2,4}[^a-z]{3}\\\\d$"}""", "Once upon a time");

        assertTrue(value.textValue().matches("(?s).{2,4}[^a-z]{3}[0-9]"), value.toString());
    }

    @Test
    void maxItemsZero() {
        JsonNode value = generate("""
                {"type":"array","items":{"type":"integer"},"maxItems":0}""", "JSON:");

        assertEquals(0, value.size(), value.toString());
    }

    @Test
    void minimumBeyond32Bits() {
        JsonNode value = generate("""
                {"type":"integer","minimum":3000000000}""", "JSON:");

        assertTrue(value.isIntegralNumber() && value.longValue() >= 3_000_000_000L, value.toString());
    }

    @Test
    void propertyNamesWithBracketBackslashAndNonAscii() {
        JsonNode value = generate("""
                {"type":"object","properties":{"é":{"type":"integer","minimum":0,"maximum":9},"a]b":{"type":"boolean"},
                 "c\\\\d":{"type":"null"}},"required":["é","a]b","c\\\\d"],"additionalProperties":false}""", "JSON:");

        assertEquals(Set.of("é", "a]b", "c\\d"), fieldNames(value), value.toString());
    }

    @Test
    void extraKeysBesideNonAsciiNamesStayJson() throws IOException {
        String schema = """
                {"type":"object","properties":{"é":{"type":"integer","minimum":0,"maximum":9},"a]b":{"type":"boolean"},
                 "c\\\\d":{"type":"null"}},"required":["é","a]b","c\\\\d"],"additionalProperties":{"type":"null"}}""";
        String grammar = JsonSchemaGrammar.convert(schema);

        String output = complete(grammar, "Once upon a time");

        // the extra keys are free text, so the model is cut off by the token limit: all it wrote must be JSON
        assertTrue(GbnfMatcher.of(grammar).matchesPrefix(output), output);
        assertJsonPrefix(output);
    }

    @Test
    void emptySchemaItemsAreAnyValue() {
        JsonNode value = generate("""
                {"type":"array","items":{},"minItems":2,"maxItems":2}""", "Once upon a time");

        assertEquals(2, value.size(), value.toString());
        assertTrue(!value.get(0).isObject() || !value.get(1).isObject(), "not only objects: " + value);
    }

    @Test
    void emptySchemaIsAnyValue() {
        JsonNode value = generate("{}", "Once upon a time");

        assertTrue(value.isValueNode() || value.isContainerNode(), value.toString());
    }

    private static JsonNode generate(String schema) {
        return generate(schema, "JSON:");
    }

    private static JsonNode generate(String schema, String prompt) {
        String grammar = JsonSchemaGrammar.convert(schema);
        String output = complete(grammar, prompt);
        try {
            return JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: [" + output + "]\ngrammar:\n" + grammar, e);
        }
    }

    private static String complete(String grammar, String prompt) {
        return model.complete(new InferenceParameters(prompt).setTemperature(0).setNPredict(200).setGrammar(grammar));
    }

    /** Strict JSON as far as it goes; only an early end is allowed. */
    private static void assertJsonPrefix(String text) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            while (parser.nextToken() != null) {
                parser.getText();
            }
        } catch (JsonEOFException e) {
            return;
        } catch (JsonProcessingException e) {
            fail("not JSON: [" + text + "]", e);
        }
    }

    private static Set<String> fieldNames(JsonNode value) {
        Set<String> names = new HashSet<>();
        value.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
