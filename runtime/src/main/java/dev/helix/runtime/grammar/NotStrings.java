/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _not_strings}: the body of a rule matching a JSON string that is none of the given ones, e.g. the
 * keys {@code additionalProperties} may use besides the declared properties:
 *
 * <pre>
 * not_strings({"a"})         -> ["] ( [a] char+ | [^"a] char* )? ["] space
 * not_strings({"and", "ab"}) -> ["] ( [a] ([b] char+ | [n] ([d] char+ | [^"d] char*) | [^"bn] char*) | [^"a] char* )? ["] space
 * </pre>
 *
 * The trie branches per UTF-8 byte in signed-char order, as {@code std::map<char, ...>} does on x86, and the
 * bytes are written unescaped, as llama.cpp writes them.
 */
final class NotStrings {
    private static final class TrieNode {
        final Map<Byte, TrieNode> children = new TreeMap<>();
        boolean endOfString;

        void insert(String bytes) {
            TrieNode node = this;
            for (int i = 0; i < bytes.length(); i++) {
                node = node.children.computeIfAbsent((byte) bytes.charAt(i), b -> new TrieNode());
            }
            node.endOfString = true;
        }
    }

    private NotStrings() {}

    /** The rule body; strings are UTF-8 bytes, one per char; charRule is the name of the JSON char rule. */
    static String rule(List<String> strings, String charRule) {
        TrieNode trie = new TrieNode();
        strings.forEach(trie::insert);
        StringBuilder out = new StringBuilder("[\"] ( ");
        visit(trie, charRule, out);
        out.append(" )");
        if (!trie.endOfString) {
            out.append('?');
        }
        return out.append(" [\"] space").toString();
    }

    private static void visit(TrieNode node, String charRule, StringBuilder out) {
        StringBuilder rejects = new StringBuilder();
        boolean first = true;
        for (Map.Entry<Byte, TrieNode> child : node.children.entrySet()) {
            char c = (char) (child.getKey() & 0xFF);
            rejects.append(c);
            if (first) {
                first = false;
            } else {
                out.append(" | ");
            }
            out.append('[').append(c).append(']');
            if (!child.getValue().children.isEmpty()) {
                out.append(" (");
                visit(child.getValue(), charRule, out);
                out.append(')');
            } else if (child.getValue().endOfString) {
                out.append(' ').append(charRule).append('+');
            }
        }
        if (!node.children.isEmpty()) {
            if (!first) {
                out.append(" | ");
            }
            out.append("[^\"").append(rejects).append("] ").append(charRule).append('*');
        }
    }
}
