/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

/** GBNF text helpers shared by the converter: string literals and bounded repetition. */
final class GbnfLiterals {
    private GbnfLiterals() {}

    /**
     * A GBNF string literal matching text exactly. llama.cpp b4916 escapes only CR, LF and {@code "}, so a
     * backslash in the text (as in the JSON {@code "back\\slash"}) became an escape in the grammar: the model was
     * made to write {@code "back\slash"}, which is not JSON, or the grammar did not parse. Here the backslash is
     * escaped too, as later llama.cpp versions do, and so are the other control characters.
     */
    static String literal(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c < 0x20 ? String.format("\\x%02X", (int) c) : Character.toString(c));
            }
        }
        return out.append('"').toString();
    }

    /** The literal for a JSON value as written by nlohmann's dump(), e.g. for {@code const} and {@code enum}. */
    static String constant(Json value) {
        return literal(value.dump());
    }

    /**
     * {@code build_repetition}: item repeated min to max times (max {@link Integer#MAX_VALUE}: unbounded). With a
     * separator and max 0 it is empty, where llama.cpp b4916 writes {@code {0,-1}}, which llama.cpp cannot parse.
     */
    static String repetition(String item, int min, int max, String separator) {
        boolean hasMax = max != Integer.MAX_VALUE;
        if (min == 0 && max == 1) {
            return item + "?";
        }
        if (max == 0 && !separator.isEmpty()) {
            return "";
        }
        if (separator.isEmpty()) {
            if (min == 1 && !hasMax) {
                return item + "+";
            } else if (min == 0 && !hasMax) {
                return item + "*";
            }
            return item + "{" + min + "," + (hasMax ? Integer.toString(max) : "") + "}";
        }
        String result = item + " " + repetition("(" + separator + " " + item + ")",
                min == 0 ? 0 : min - 1, hasMax ? max - 1 : max, "");
        return min == 0 ? "(" + result + ")?" : result;
    }
}
