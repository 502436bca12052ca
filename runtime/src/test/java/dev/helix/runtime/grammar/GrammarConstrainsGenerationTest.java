package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real model sampling under the Java grammar produces JSON that matches the schema. The model is tiny and
 * writes nonsense, so the schemas bound every string and number: without the grammar its output is not JSON.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GrammarConstrainsGenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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
    void objectWithBoundedFields() throws JsonProcessingException {
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
    void arrayOfIntegersInRange() throws JsonProcessingException {
        JsonNode value = generate("""
                {"type":"array","items":{"type":"integer","minimum":-5,"maximum":9},"minItems":2,"maxItems":3}""");

        assertTrue(value.isArray() && value.size() >= 2 && value.size() <= 3, value.toString());
        for (JsonNode item : value) {
            assertTrue(item.isInt() && item.asInt() >= -5 && item.asInt() <= 9, value.toString());
        }
    }

    @Test
    void patternAndFormat() throws JsonProcessingException {
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

    private static JsonNode generate(String schema) throws JsonProcessingException {
        String grammar = JsonSchemaGrammar.convert(schema);
        String output = model.complete(
                new InferenceParameters("JSON:").setTemperature(0).setNPredict(200).setGrammar(grammar));
        try {
            return JSON.readTree(output);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: [" + output + "]\ngrammar:\n" + grammar, e);
        }
    }

    private static Set<String> fieldNames(JsonNode value) {
        Set<String> names = new HashSet<>();
        value.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
