package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.helix.provider.InvalidRequestException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Schemas built at random from JSON Schema keywords with values of any type: the converter returns a grammar
 * llama.cpp accepts ({@link GbnfValidator}) or throws {@link InvalidRequestException}, never anything else, and
 * never hangs. Java only: most of these would abort a JVM that handed them to the native converter.
 */
class JsonSchemaGrammarRobustnessTest {
    private static final List<String> KEYWORDS = List.of("type", "properties", "required", "additionalProperties",
            "items", "prefixItems", "minItems", "maxItems", "enum", "const", "pattern", "format", "minLength",
            "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "$ref", "$defs",
            "definitions", "anyOf", "oneOf", "allOf", "a", "", "é", "a]b", "c\\d", "q\"");
    private static final List<String> STRINGS = List.of("string", "object", "array", "integer", "number",
            "boolean", "null", "date", "uuid", "^a+$", "^(a|b]$", "^x{2,}?$", "^(?:x)$", "a]", "#/$defs/a",
            "#/definitions/b/c", "#/", "#", "https://x/y", "", "é", "\"", "^.\\d[^\"]é+$", "^[\\w.-]+@\\S+$",
            "^a\\\\b\"c$", "^(ab|c)*[x-z]{2,4}$", "^\\u00e9\\t.$", "back\\slash", "x\u0001y");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void onlyGrammarsOrInvalidRequests() {
        Random random = new Random(20250318);
        int converted = 0;
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            String schema = object(random, 0);
            String grammar;
            try {
                grammar = JsonSchemaGrammar.convert(schema);
            } catch (InvalidRequestException e) {
                rejected++;
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                fail("schema " + schema + " threw " + e, e);
                return;
            }
            try {
                GbnfValidator.check(grammar);
                converted++;
            } catch (InvalidRequestException e) {
                fail("schema " + schema + " gave a grammar llama.cpp refuses: " + e.getMessage() + "\n" + grammar);
            }
        }
        assertTrue(converted > 100 && rejected > 100, converted + " converted, " + rejected + " rejected");
    }

    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int members = random.nextInt(depth == 0 ? 5 : 4);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(KEYWORDS.get(random.nextInt(KEYWORDS.size())))).append(':').append(value(random, depth));
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        return Utf8.decode(Json.quote(Utf8.bytes(text)));
    }

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 8);
        return switch (kind) {
            case 0 -> quote(STRINGS.get(random.nextInt(STRINGS.size())));
            case 1 -> Integer.toString(random.nextInt(41) - 20);
            case 2 -> Double.toString(random.nextGaussian() * 1e6);
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> {
                StringBuilder array = new StringBuilder("[");
                int length = random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    array.append(i > 0 ? "," : "").append(value(random, depth + 1));
                }
                yield array.append(']').toString();
            }
            default -> object(random, depth + 1);
        };
    }
}
