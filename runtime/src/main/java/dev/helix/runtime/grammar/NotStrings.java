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
 * {@code _not_strings}: the body of a rule matching a JSON string that is none of the given ones, e.g. the keys
 * {@code additionalProperties} may use besides the declared properties. A trie of the strings, as JSON writes
 * them, one branch per character:
 *
 * <pre>
 * not_strings({"a"})  -> ["] ( [a] char+ | OTHER char* )? ["] space
 * not_strings({"ab"}) -> ["] ( [a] ([b] char+ | OTHER char*)? | OTHER char* )? ["] space
 * </pre>
 *
 * where OTHER is any JSON character but the branches beside it. llama.cpp b4916 branches per UTF-8 byte (so
 * "é" split into two halves of a character), writes the branch characters unescaped into classes (a "]" or
 * "\" broke the grammar), writes OTHER as {@code [^"a]}, which also lets through a raw backslash or control
 * character, so the key could be invalid JSON, and does not let a key end where a longer name continues ("a"
 * was refused as a key when "ab" was declared). This version has none of those faults. An escape sequence
 * {@code \}{@code uXXXX} in OTHER is always allowed, even when it spells one of the strings.
 */
final class NotStrings {
    private static final String RAW_JSON_CHAR = "^\"\\\\\\x7F\\x00-\\x1F";
    private static final String SHORT_ESCAPES = "\"\\bfnrt";

    private static final class TrieNode {
        /** Children by their first code point; an escape's key is its escaped character. */
        final Map<Integer, TrieNode> children = new TreeMap<>();
        boolean endOfString;

        void insert(String text) {
            TrieNode node = this;
            for (int c : text.codePoints().toArray()) {
                node = node.children.computeIfAbsent(c, k -> new TrieNode());
            }
            node.endOfString = true;
        }
    }

    private NotStrings() {}

    /** The rule body; strings are UTF-8 bytes, one per char; charRule is the name of the JSON char rule. */
    static String rule(List<String> strings, String charRule) {
        TrieNode trie = new TrieNode();
        strings.forEach(s -> trie.insert(Utf8.decode(s)));
        StringBuilder out = new StringBuilder("[\"] ( ");
        visit(trie, charRule, out);
        out.append(" )");
        if (!trie.endOfString) {
            out.append('?');
        }
        return Utf8.bytes(out.append(" [\"] space").toString());
    }

    private static void visit(TrieNode node, String charRule, StringBuilder out) {
        StringBuilder rawRejects = new StringBuilder();
        StringBuilder escapes = new StringBuilder(SHORT_ESCAPES);
        for (Map.Entry<Integer, TrieNode> child : node.children.entrySet()) {
            int c = child.getKey();
            String json = JsonStringChars.jsonEscaped(Character.toString(c));
            if (json.length() > 1 && json.charAt(0) == '\\') {
                out.append(GbnfLiterals.literal(json));
                int letter = escapes.indexOf(json.substring(1, 2));
                if (letter >= 0 && json.length() == 2) {
                    escapes.deleteCharAt(letter);
                }
            } else {
                String charClass = JsonStringChars.charClass(CodePointSet.of(c));
                out.append(charClass);
                rawRejects.append(charClass, 1, charClass.length() - 1);
            }
            TrieNode next = child.getValue();
            if (!next.children.isEmpty()) {
                out.append(" (");
                visit(next, charRule, out);
                out.append(next.endOfString ? ")" : ")?");
            } else {
                out.append(' ').append(charRule).append('+');
            }
            out.append(" | ");
        }
        out.append("([").append(RAW_JSON_CHAR).append(rawRejects).append("] | [\\\\] (");
        if (!escapes.isEmpty()) {
            out.append(JsonStringChars.charClass(CodePointSet.of(escapes.codePoints().toArray()))).append(" | ");
        }
        out.append("\"u\" [0-9a-fA-F]{4})) ").append(charRule).append('*');
    }
}
