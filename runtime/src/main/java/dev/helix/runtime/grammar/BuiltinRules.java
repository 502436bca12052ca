/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** llama.cpp's built-in GBNF rules: JSON primitives and string formats, each with the rules it refers to. */
final class BuiltinRules {
    record Rule(String content, List<String> deps) {}

    static final String SPACE_RULE = "| \" \" | \"\\n\"{1,2} [ \\t]{0,20}";

    static final Map<String, Rule> PRIMITIVES = Map.ofEntries(
            Map.entry("boolean", rule("(\"true\" | \"false\") space")),
            Map.entry("decimal-part", rule("[0-9]{1,16}")),
            Map.entry("integral-part", rule("[0] | [1-9] [0-9]{0,15}")),
            Map.entry("number", rule(
                    "(\"-\"? integral-part) (\".\" decimal-part)? ([eE] [-+]? integral-part)? space",
                    "integral-part", "decimal-part")),
            Map.entry("integer", rule("(\"-\"? integral-part) space", "integral-part")),
            Map.entry("value", rule("object | array | string | number | boolean | null",
                    "object", "array", "string", "number", "boolean", "null")),
            Map.entry("object", rule(
                    "\"{\" space ( string \":\" space value (\",\" space string \":\" space value)* )? \"}\" space",
                    "string", "value")),
            Map.entry("array", rule("\"[\" space ( value (\",\" space value)* )? \"]\" space", "value")),
            Map.entry("uuid", rule("\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" "
                    + "[0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\" space")),
            Map.entry("char", rule("[^\"\\\\\\x7F\\x00-\\x1F] | [\\\\] ([\"\\\\bfnrt] | \"u\" [0-9a-fA-F]{4})")),
            Map.entry("string", rule("\"\\\"\" char* \"\\\"\" space", "char")),
            Map.entry("null", rule("\"null\" space")));

    static final Map<String, Rule> STRING_FORMATS = Map.of(
            "date", rule("[0-9]{4} \"-\" ( \"0\" [1-9] | \"1\" [0-2] ) \"-\" ( \"0\" [1-9] | [1-2] [0-9] | \"3\" [0-1] )"),
            "time", rule("([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] ( \".\" [0-9]{3} )? "
                    + "( \"Z\" | ( \"+\" | \"-\" ) ( [01] [0-9] | \"2\" [0-3] ) \":\" [0-5] [0-9] )"),
            "date-time", rule("date \"T\" time", "date", "time"),
            "date-string", rule("\"\\\"\" date \"\\\"\" space", "date"),
            "time-string", rule("\"\\\"\" time \"\\\"\" space", "time"),
            "date-time-string", rule("\"\\\"\" date-time \"\\\"\" space", "date-time"));

    private static final Set<String> RESERVED_NAMES = Stream.of(
                    Stream.of("root"), PRIMITIVES.keySet().stream(), STRING_FORMATS.keySet().stream())
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableSet());

    private BuiltinRules() {}

    /** Names a schema's own rule may not take: it gets a "-" suffix instead. */
    static boolean isReserved(String name) {
        return RESERVED_NAMES.contains(name);
    }

    /** A primitive or string-format rule by name, or null. */
    static Rule find(String name) {
        Rule rule = PRIMITIVES.get(name);
        return rule != null ? rule : STRING_FORMATS.get(name);
    }

    private static Rule rule(String content, String... deps) {
        return new Rule(content, List.of(deps));
    }
}
