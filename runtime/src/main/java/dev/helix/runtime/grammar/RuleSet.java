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
    private final Map<String, Suffixes> suffixes = new java.util.HashMap<>();

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
        // The first suffix whose slot is free or holds this same rule, as llama.cpp looks for it one by one. Slots are
        // never emptied or changed, so what was seen of a base's slots is remembered: searching from 0 each time
        // made a schema with many names that escape alike (20,000 properties "x!", "x?", ...) quadratic.
        Suffixes seen = suffixes.computeIfAbsent(escaped, k -> new Suffixes());
        Integer same = seen.byRule.get(rule);
        if (same != null) {
            return escaped + same;
        }
        while (rules.containsKey(escaped + seen.taken)) {
            String held = rules.get(escaped + seen.taken);
            seen.byRule.putIfAbsent(held, seen.taken);
            seen.taken++;
            if (held.equals(rule)) {
                return escaped + (seen.taken - 1);
            }
        }
        String key = escaped + seen.taken;
        rules.put(key, rule);
        seen.byRule.put(rule, seen.taken);
        seen.taken++;
        return key;
    }

    /** The numbered slots of one name seen so far: slots 0 to taken-1 are all used, and by which rules. */
    private static final class Suffixes {
        int taken;
        final Map<String, Integer> byRule = new java.util.HashMap<>();
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
