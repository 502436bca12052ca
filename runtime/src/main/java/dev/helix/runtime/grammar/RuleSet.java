/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The grammar under construction and the problems found on the way: llama.cpp's {@code _rules} and
 * {@code _errors}. Rules are kept sorted by name, the order {@code format_grammar()}
 * writes them in; names and bodies are UTF-8 bytes held one per char.
 */
final class RuleSet {
    private static final Pattern INVALID_RULE_CHARS = Pattern.compile("[^a-zA-Z0-9-]+");

    private final Map<String, String> rules = new TreeMap<>();
    private final List<String> errors = new ArrayList<>();

    RuleSet() {
        rules.put("space", BuiltinRules.SPACE_RULE);
    }

    /**
     * {@code _add_rule}: stores rule under name with invalid characters replaced by "-"; a name already taken
     * by a different rule gets the first free numeric suffix. Returns the name used.
     */
    String add(String name, String rule) {
        String escaped = INVALID_RULE_CHARS.matcher(name).replaceAll("-");
        String existing = rules.get(escaped);
        if (existing == null || existing.equals(rule)) {
            rules.put(escaped, rule);
            return escaped;
        }
        int i = 0;
        while (rules.containsKey(escaped + i) && !rules.get(escaped + i).equals(rule)) {
            i++;
        }
        String key = escaped + i;
        rules.put(key, rule);
        return key;
    }

    /** {@code _add_primitive}: adds a built-in rule under name, and the built-ins it uses under their own names. */
    String addPrimitive(String name, BuiltinRules.Rule rule) {
        String added = add(name, rule.content());
        for (String dep : rule.deps()) {
            BuiltinRules.Rule depRule = BuiltinRules.find(dep);
            if (depRule == null) {
                error("Rule " + dep + " not known");
            } else if (!rules.containsKey(dep)) {
                addPrimitive(dep, depRule);
            }
        }
        return added;
    }

    boolean has(String name) {
        return rules.containsKey(name);
    }

    void error(String message) {
        errors.add(message);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** {@code format_grammar()}: one {@code name ::= rule} line per rule, by name. */
    String format() {
        StringBuilder out = new StringBuilder();
        rules.forEach((name, rule) -> out.append(name).append(" ::= ").append(rule).append('\n'));
        return out.toString();
    }
}
