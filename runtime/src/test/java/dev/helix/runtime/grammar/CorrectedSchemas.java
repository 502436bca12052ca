package dev.helix.runtime.grammar;

import java.util.List;

/**
 * Schemas for which llama.cpp b4916's native converter writes a wrong grammar, and the Java converter a right
 * one: JSON texts the schema allows, which the grammar must let the model write, and texts it must refuse (invalid
 * JSON, or values the schema forbids). Each says what b4916 gets wrong; {@link JsonSchemaGrammarCorrectionsTest}
 * shows it with b4916's own grammar. These schemas were in the byte-equality corpus ({@link SupportedSchemas})
 * until the Java converter was corrected, except the last ones.
 */
final class CorrectedSchemas {
    record Corrected(String name, String nativeFault, String schema, List<String> allowed, List<String> refused) {
        @Override
        public String toString() {
            return name;
        }
    }

    private CorrectedSchemas() {}

    static List<Corrected> all() {
        return CORRECTED;
    }

    private static Corrected corrected(String name, String nativeFault, String schema, List<String> allowed,
            List<String> refused) {
        return new Corrected(name, nativeFault, schema, allowed, refused);
    }

    private static final List<Corrected> CORRECTED = List.of(
            corrected("object-additional-true", "extra keys may start with a raw backslash", """
                    {"type":"object","properties":{"id":{"type":"integer"},"note":{"type":"string"}},"required":["id"],"additionalProperties":true}""",
                    List.of("{\"id\":1,\"x\":2}", "{\"id\":1,\"note\":\"n\",\"\\u00e9\":[]}"),
                    List.of("{\"id\":1,\"\\q\":2}")),
            corrected("object-additional-schema", "extra keys may start with a raw backslash", """
                    {"type":"object","properties":{"kind":{"const":"map"}},"required":["kind"],"additionalProperties":{"type":"integer"}}""",
                    List.of("{\"kind\":\"map\",\"k2\":5}"),
                    List.of("{\"kind\":\"map\",\"\\q\":5}", "{\"kind\":\"map\",\"k2\":\"x\"}")),
            corrected("object-additional-empty-schema", "extra values must be objects", """
                    {"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":{}}""",
                    List.of("{\"a\":\"x\",\"b\":[1,\"y\"]}", "{\"b\":2}"),
                    List.of("{\"a\":1}", "{\"\\q\":1}")),
            corrected("object-additional-trie-prefixes", "extra keys may start with a raw backslash", """
                    {"type":"object","properties":{"a":{"type":"string"},"ab":{"type":"string"},"abc":{"type":"integer"},"b":{"type":"null"}},"additionalProperties":true}""",
                    List.of("{\"abd\":1}", "{\"a\":\"x\",\"ba\":2}"),
                    List.of("{\"\\q\":1}", "{\"abc\":\"x\"}")),
            corrected("object-additional-empty-property-name", "property \"\" takes over the root rule", """
                    {"type":"object","properties":{"":{"type":"string"},"x":{"type":"integer"}},"required":["x"],"additionalProperties":{"type":"boolean"}}""",
                    List.of("{\"x\":1,\"y\":true}", "{\"x\":1,\"\":\"e\"}"),
                    List.of("\"e\"", "{\"x\":1,\"\\q\":true}")),
            corrected("object-unicode-and-quotes-in-names", "llama.cpp cannot parse its grammar", """
                    {"type":"object","properties":{"ключ":{"type":"string"},"quo\\"te":{"type":"integer"},"emoji😀":{"type":"boolean"},"with space":{"type":"number"},"back\\\\slash":{"type":"null"},"new\\nline":{"type":"string"}},"required":["ключ","quo\\"te"]}""",
                    List.of("{\"ключ\":\"v\",\"quo\\\"te\":1}", "{\"ключ\":\"v\",\"quo\\\"te\":1,\"back\\\\slash\":null,\"new\\nline\":\"x\"}"),
                    List.of("{\"ключ\":\"v\",\"quo\"te\":1}", "{\"ключ\":\"v\",\"quo\\\"te\":1,\"back\\slash\":null}")),
            corrected("object-unicode-names-with-additional", "its key trie splits characters into bytes", """
                    {"type":"object","properties":{"é":{"type":"string"},"a":{"type":"string"},"ü€":{"type":"integer"}},"additionalProperties":true}""",
                    List.of("{\"é\":\"x\",\"ü\":1}", "{\"ü€\":1,\"üx\":2}"),
                    List.of("{\"é\":1}", "{\"ü€\":\"x\"}")),
            corrected("object-reserved-property-names", "{} allows only objects", """
                    {"type":"object","properties":{"string":{"type":"string"},"number":{"type":"number"},"integer":{"type":"integer","minimum":1},"root":{"type":"boolean"},"date":{"type":"string","format":"date"},"char":{"type":"string","maxLength":1},"value":{}},"required":["string","root"]}""",
                    List.of("{\"string\":\"s\",\"root\":true,\"value\":[1]}", "{\"string\":\"s\",\"root\":true,\"value\":{}}"),
                    List.of("{\"root\":true}")),
            corrected("array-float-bounds", "minItems 1.9 means 1 and maxItems 4.0 is ignored", """
                    {"type":"array","items":{"type":"null"},"minItems":1.9,"maxItems":4.0}""",
                    List.of("[null,null]", "[null,null,null,null]"),
                    List.of("[null]", "[null,null,null,null,null]")),
            corrected("enum-odd-strings", "llama.cpp cannot parse its grammar", """
                    {"enum":["a\\"b","back\\\\slash","new\\nline","tab\\t","ünï","😀","","-","x\\u0001y","[]|*",null,true,false,0,-1,2.5,1e300,{"k":[1,"v"]}]}""",
                    List.of("\"a\\\"b\"", "\"back\\\\slash\"", "\"new\\nline\"", "\"x\\u0001y\"", "{\"k\":[1,\"v\"]}", "1e+300"),
                    List.of("\"back\\slash\"", "\"new\nline\"")),
            corrected("const-values", "llama.cpp cannot parse its grammar", """
                    {"type":"object","properties":{"s":{"const":"say \\"hi\\""},"n":{"const":1.5e-7},"o":{"const":{"a":[true,null,-0.0,12345678901234567890]}},"u":{"const":"tschüß ☃"}},"required":["s","n","o","u"]}""",
                    List.of("{\"s\":\"say \\\"hi\\\"\",\"n\":1.5e-07,\"o\":{\"a\":[true,null,-0.0,12345678901234567890]},\"u\":\"tschüß ☃\"}"),
                    List.of("{\"s\":\"say \"hi\"\",\"n\":1.5e-07,\"o\":{\"a\":[true,null,-0.0,12345678901234567890]},\"u\":\"tschüß ☃\"}")),
            corrected("pattern-escapes", "llama.cpp cannot parse \\d", """
                    {"type":"string","pattern":"^\\\\d{3}\\\\.\\\\w+\\\\(x\\\\)\\\\[y\\\\]\\\\{z\\\\}\\\\|\\\\*\\\\+\\\\?\\\\^\\\\$\\\\-$"}""",
                    List.of("\"123.ab_9(x)[y]{z}|*+?^$-\""),
                    List.of("\"12.ab(x)[y]{z}|*+?^$-\"", "\"123.a-b(x)[y]{z}|*+?^$-\"")),
            corrected("pattern-quantifiers", "a lazy h+? became optional", """
                    {"type":"string","pattern":"^a*b+c?d{2}e{1,}f{,3}g{2,5}h+?$"}""",
                    List.of("\"bddeggh\"", "\"aabcddeefffggggghh\""),
                    List.of("\"bddegg\"")),
            corrected("pattern-dot-and-quotes", "the quotes and any dot may be written raw", """
                    {"type":"string","pattern":"^.{3,5}x.say \\"hi\\".$"}""",
                    List.of("\"abcxysay \\\"hi\\\"z\"", "\"a\\\"\\\\xx\\tsay \\\"hi\\\"\\u0001\""),
                    List.of("\"abcxysay \"hi\"z\"", "\"abc\txysay \\\"hi\\\"z\"")),
            corrected("pattern-negated-class", "the negated class lets raw control characters through", """
                    {"type":"string","pattern":"^[^\\"\\\\\\\\,]*,[\\\\]a-z-]+$"}""",
                    List.of("\"a\\nb,]z-\"", "\",a\""),
                    List.of("\"a\nb,]z\"", "\"a\\\"b,z\"")),
            corrected("pattern-non-ascii-bytes", "it repeats single bytes of é and ü", """
                    {"type":"string","pattern":"^é+ü{2}ab€$"}""",
                    List.of("\"ééüüab€\"", "\"éüüab€\""),
                    List.of("\"éüab€\"", "\"üüab€\"")),
            corrected("integer-exclusive-bounds", "exclusiveMinimum is ignored beside minimum", """
                    {"type":"object","properties":{"e1":{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":100},"e2":{"type":"integer","exclusiveMinimum":-1},"e3":{"type":"integer","exclusiveMaximum":-7},"e4":{"type":"integer","minimum":3,"exclusiveMinimum":10,"exclusiveMaximum":50}},"required":["e1","e2","e3","e4"]}""",
                    List.of("{\"e1\":1,\"e2\":0,\"e3\":-8,\"e4\":11}", "{\"e1\":99,\"e2\":7,\"e3\":-100,\"e4\":49}"),
                    List.of("{\"e1\":1,\"e2\":0,\"e3\":-8,\"e4\":10}", "{\"e1\":1,\"e2\":0,\"e3\":-8,\"e4\":3}")),
            corrected("integer-float-bounds", "minimum 2.5 allows 2", """
                    {"type":"integer","minimum":2.5,"maximum":1e3}""",
                    List.of("3", "1000"),
                    List.of("2")),
            corrected("primitives", "{} allows only objects", """
                    {"type":"array","prefixItems":[{"type":"boolean"},{"type":"number"},{"type":"integer"},{"type":"null"},{"type":"string"},{"type":"array"},{"type":"object"},{},{"type":"uuid"}]}""",
                    List.of("[true,1.5,2,null,\"s\",[],{},\"any\",\"12345678-1234-1234-1234-123456789abc\"]"),
                    List.of("[true,1.5,2,null,\"s\",[],{},\"any\",\"x\"]")),
            corrected("root-empty", "{} allows only objects", """
                    {}""",
                    List.of("\"x\"", "[1]", "3", "{}", "null"),
                    List.of("nope")),
            corrected("max-items-zero", "llama.cpp cannot parse {0,-1}", """
                    {"type":"array","items":{"type":"integer"},"maxItems":0}""",
                    List.of("[]"),
                    List.of("[1]")),
            corrected("minimum-beyond-32-bits", "3000000000 wraps to -1294967296", """
                    {"type":"integer","minimum":3000000000}""",
                    List.of("3000000000", "9999999999999999"),
                    List.of("-3", "2999999999")),
            corrected("const-control-character", "it matches a raw control character", """
                    {"const":"a\\u0007b"}""",
                    List.of("\"a\\u0007b\""),
                    List.of("\"a\u0007b\"")),
            corrected("names-with-bracket-and-backslash", "llama.cpp cannot parse its grammar", """
                    {"type":"object","properties":{"a]b":{"type":"integer"},"c\\\\d":{"type":"integer"}},"additionalProperties":true}""",
                    List.of("{\"a]b\":1,\"c\\\\d\":2,\"e\":3}", "{\"a]\":4}"),
                    List.of("{\"a]b\":\"x\"}", "{\"c\\\\d\":\"x\"}")),
            corrected("draft-4-exclusive-minimum", "exclusiveMinimum: true is ignored beside minimum", """
                    {"type":"integer","minimum":5,"exclusiveMinimum":true,"maximum":9}""",
                    List.of("6", "9"),
                    List.of("5", "10")),
            corrected("bounds-of-16-digits", "the bounds wrap at 32 bits", """
                    {"type":"object","properties":{"big":{"type":"integer","minimum":1000000000000001},"small":{"type":"integer","maximum":-1000000000000001}},"required":["big","small"]}""",
                    List.of("{\"big\":1000000000000001,\"small\":-1000000000000001}",
                            "{\"big\":9999999999999999,\"small\":-9999999999999999}"),
                    List.of("{\"big\":1000000000000000,\"small\":-1000000000000001}",
                            "{\"big\":1000000000000001,\"small\":-1000000000000000}",
                            "{\"big\":10000000000000000,\"small\":-1000000000000001}")),
            corrected("extra-key-that-is-a-prefix", "an extra key may not stop where a declared name goes on", """
                    {"type":"object","properties":{"ab":{"type":"integer"}},"additionalProperties":true}""",
                    List.of("{\"a\":\"x\"}", "{\"ab\":1,\"abc\":\"y\"}"),
                    List.of("{\"ab\":\"x\"}")),
            corrected("pattern-with-class-escapes", "llama.cpp cannot parse \\w", """
                    {"type":"string","pattern":"^[\\\\w.-]+@[^\\\\s@]+$"}""",
                    List.of("\"a.b-c@x\"", "\"x@\\\\\""),
                    List.of("\"a b@x\"", "\"a@x y\"")));
}
