package dev.helix.runtime.grammar;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.runtime.testing.Growth;
import dev.helix.runtime.tools.ToolCallGrammar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10: the converters that see request input (a JSON schema, the regular expressions in its patterns, the GBNF
 * they produce, tool schemas) cost at most about twice as much for twice the input ({@link Growth} says why this
 * does not depend on the machine's load), and input past a cap is refused as a 400 without the work.
 */
@Timeout(120)
class GrammarGrowthTest {

    /** An object with n properties, all optional but the first: the optional tails were quadratic. */
    private static String properties(int n) {
        var schema = new StringBuilder("{\"type\":\"object\",\"properties\":{");
        for (int i = 0; i < n; i++) {
            schema.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"type\":\"")
                    .append(switch (i % 4) {
                        case 0 -> "string\",\"maxLength\":5";
                        case 1 -> "integer\",\"minimum\":" + i;
                        case 2 -> "array\",\"items\":{\"type\":\"boolean\"}";
                        default -> "string\",\"enum\":[\"a" + i + "\",\"b\"]";
                    }).append("}");
        }
        return schema.append("},\"required\":[\"p0\"]}").toString();
    }

    @Test
    void aSchemaWithManyPropertiesConvertsInLinearTime() {
        var measured = Growth.assertLinear("properties", GrammarGrowthTest::properties, JsonSchemaGrammar::convert,
                50, (int) GbnfExpansion.MAX_PATHS / 2 - 10); // more optional properties are refused as too ambiguous
        System.out.println(measured);
    }

    @Test
    void aSchemaWithManyAlternativesAndReferencesConvertsInLinearTime() {
        var measured = Growth.assertLinear("anyOf of $refs", n -> {
            var schema = new StringBuilder("{\"$defs\":{");
            for (int i = 0; i < n; i++) {
                schema.append(i == 0 ? "" : ",").append("\"d").append(i).append("\":{\"type\":\"object\",")
                        .append("\"properties\":{\"k\":{\"const\":").append(i).append("}}}");
            }
            schema.append("},\"anyOf\":[");
            for (int i = 0; i < n; i++) {
                schema.append(i == 0 ? "" : ",").append("{\"$ref\":\"#/$defs/d").append(i).append("\"}");
            }
            return schema.append("]}").toString();
        }, JsonSchemaGrammar::convert, 20, (int) GbnfExpansion.MAX_PATHS / 8); // each alternative adds four stacks
        System.out.println(measured);
    }

    @Test
    void manyNamesThatEscapeAlikeConvertInLinearTime() {
        // Property names that differ only in characters a rule name cannot hold: all their rules want the name
        // "x-", and each takes the next free number.
        var measured = Growth.assertLinear("names escaping alike", n -> {
            var schema = new StringBuilder("{\"type\":\"object\",\"properties\":{");
            var required = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String name = "x" + new String(Character.toChars(0x4E00 + i));
                schema.append(i == 0 ? "" : ",").append('"').append(name)
                        .append("\":{\"type\":\"string\",\"maxLength\":").append(i % 7 + 1).append("}");
                required.append(i == 0 ? "\"" : ",\"").append(name).append('"');
            }
            return schema.append("},\"required\":[").append(required).append("]}").toString();
        }, JsonSchemaGrammar::convert, 50, 20_000);
        System.out.println(measured);
    }

    @Test
    void aLongPatternConvertsInLinearTime() {
        var measured = Growth.assertLinear("pattern", n -> "{\"type\":\"string\",\"pattern\":\"^"
                + "(ab|c)[d-f]{1,3}x?\\\\d".repeat(n) + "$\"}", JsonSchemaGrammar::convert, 20, 100_000);
        System.out.println(measured);
    }

    @Test
    void aPatternOfManyAlternativesConvertsInLinearTime() {
        var measured = Growth.assertLinear("alternation", n -> {
            var alternatives = new ArrayList<String>();
            for (int i = 0; i < n; i++) {
                alternatives.add("w" + i);
            }
            return "{\"type\":\"string\",\"pattern\":\"^(" + String.join("|", alternatives) + ")$\"}";
        }, JsonSchemaGrammar::convert, 50, (int) GbnfExpansion.MAX_PATHS / 2 - 10); // more alternatives are refused
        System.out.println(measured);
    }

    @Test
    void aGrammarWithManyRulesIsCheckedInLinearTime() {
        var measured = Growth.assertLinear("gbnf rules", n -> {
            var gbnf = new StringBuilder("root ::= r0\n");
            for (int i = 0; i < n; i++) {
                gbnf.append("r").append(i).append(" ::= \"x").append(i).append("\" [a-z]* ")
                        .append(i + 1 < n ? "r" + (i + 1) : "\"end\"").append(" | \"y\"\n");
            }
            return gbnf.toString();
        }, GbnfValidator::check, 50, 40_000); // 2n rules of ~16 elements stay under GbnfParser.MAX_ELEMENTS (2M)
        System.out.println(measured);
    }

    @Test
    void manyForcedToolsMakeTheirGrammarInLinearTime() {
        var measured = Growth.assertLinear("tools", n -> {
            List<Tool> tools = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tools.add(new Tool("tool_" + i, "does " + i, "{\"type\":\"object\",\"properties\":{\"a\":"
                        + "{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}},\"required\":[\"a\"]}"));
            }
            return tools;
        }, tools -> ToolCallGrammar.forced(tools, ToolChoice.REQUIRED, true), 10, (int) GbnfExpansion.MAX_PATHS / 2 - 10);
        System.out.println(measured);
    }

    @Test
    void nestingPastTheCapIsRefusedNotAStackOverflow() {
        String deepSchema = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(50_000) + "{}" + "}}".repeat(50_000);
        assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(deepSchema));
        String deepPattern = "{\"type\":\"string\",\"pattern\":\"" + "(".repeat(50_000) + "a" + ")".repeat(50_000)
                + "\"}";
        assertThrows(InvalidRequestException.class, () -> JsonSchemaGrammar.convert(deepPattern));
        String deepGbnf = "root ::= " + "(".repeat(50_000) + "\"a\"" + ")".repeat(50_000) + "\n";
        assertThrows(InvalidRequestException.class, () -> GbnfValidator.check(deepGbnf));
    }

    @Test
    void aRefusalPastTheDepthCapCostsLessThanConvertingAtTheCap() {
        int levels = SchemaParser.MAX_DEPTH / 2 - 1; // each level is two JSON levels: the schema and its properties
        String atCap = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(levels) + "{\"type\":\"string\"}"
                + "}}".repeat(levels);
        JsonSchemaGrammar.convert(atCap);
        String past = "{\"type\":\"object\",\"properties\":{\"a\":".repeat(levels * 100) + "{}" + "}}".repeat(levels * 100);
        long accept = Growth.fastest(atCap, JsonSchemaGrammar::convert, 5);
        long refuse = Growth.fastest(past, s -> assertThrows(InvalidRequestException.class,
                () -> JsonSchemaGrammar.convert(s)), 5);
        assertTrue(refuse < accept, "refusing 100 times the cap: " + refuse / 1000 + " us; converting at the cap: "
                + accept / 1000 + " us");
    }
}
