/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.Map;

/**
 * {@code resolve_refs}: finds every {@code $ref} in a schema and records the sub-schema it points to. Only local
 * JSON pointers ({@code #/definitions/x}, {@code #/$defs/x}) are followed, by plain object keys as llama.cpp b4916
 * does (no array indexes, no ~0/~1 unescaping). Remote references are never fetched: they are an error here,
 * where llama.cpp's stub fetcher silently resolved them to null.
 */
final class RefResolver {
    private final Json root;
    private final Map<String, Json> refs;
    private final RuleSet rules;

    private RefResolver(Json root, Map<String, Json> refs, RuleSet rules) {
        this.root = root;
        this.refs = refs;
        this.rules = rules;
    }

    /** Adds each reference found in schema to refs, keyed by its text; problems go to rules' errors. */
    static void resolve(Json schema, Map<String, Json> refs, RuleSet rules) {
        new RefResolver(schema, refs, rules).visit(schema);
    }

    private void visit(Json node) {
        if (node instanceof Json.Arr array) {
            array.elements().forEach(this::visit);
        } else if (node instanceof Json.Obj object) {
            if (object.contains("$ref")) {
                String ref = object.get("$ref").toStr("$ref");
                if (!refs.containsKey(ref)) {
                    resolve(ref);
                }
            } else {
                object.members().values().forEach(this::visit);
            }
        }
    }

    private void resolve(String ref) {
        if (ref.startsWith("https://")) {
            rules.error("Unsupported ref: " + ref + " (remote schemas are not fetched)");
            return;
        }
        if (!ref.startsWith("#/")) {
            rules.error("Unsupported ref: " + ref);
            return;
        }
        Json target = root;
        String[] tokens = ref.substring(1).split("/", -1);
        for (int i = 1; i < tokens.length; i++) {
            String selector = tokens[i];
            if (!target.contains(selector)) {
                rules.error("Error resolving ref " + ref + ": " + selector + " not in " + target.dump());
                return;
            }
            target = target.get(selector);
        }
        refs.put(ref, target);
    }
}
