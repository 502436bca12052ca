package dev.helix.runtime.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * GBNF for text inside a JSON string, given the decoded text it must stand for. A regex like {@code ^say "hi"$}
 * or a class like {@code [^,]} describes the string's value, but the model writes JSON: a quote as {@code \"}, a
 * backslash as {@code \\}, a control character as an escape. So literals are matched in their JSON form, and a
 * set of characters becomes its raw part (never {@code "}, {@code \} or a control character) plus the escapes of
 * the special ones it holds. Control characters get their short escape where JSON has one, else {@code \}{@code
 * u00XX} in lower case. GBNF text is returned as real characters (not UTF-8 bytes).
 */
final class JsonStringChars {
    /** What JSON never holds raw in a string: the quote, the backslash, and the control characters. */
    static final CodePointSet SPECIAL = CodePointSet.range(0, 0x1F).union(CodePointSet.of('"', '\\'));
    private static final String SHORT_ESCAPES = "\b\f\n\r\t";
    private static final String SHORT_ESCAPE_LETTERS = "bfnrt";

    private JsonStringChars() {}

    /** A GBNF string literal matching text as JSON writes it inside a string. */
    static String literal(String text) {
        return GbnfLiterals.literal(jsonEscaped(text));
    }

    /** text with JSON's string escapes (what nlohmann's dump() writes between the quotes). */
    static String jsonEscaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(jsonEscaped(c)));
        return out.toString();
    }

    private static String jsonEscaped(int c) {
        if (c == '"' || c == '\\') {
            return "\\" + (char) c;
        }
        int shortEscape = SHORT_ESCAPES.indexOf(c);
        if (shortEscape >= 0) {
            return "\\" + SHORT_ESCAPE_LETTERS.charAt(shortEscape);
        }
        return c < 0x20 ? String.format("\\u%04x", c) : Character.toString(c);
    }

    /**
     * A GBNF expression for one character of the set, as JSON writes it: a class, or a parenthesized choice of
     * the class and escapes ({@code "\\" [bfnrt]} and {@code "\\u000" [0-7]} style for control characters).
     * The set must not be empty.
     */
    static String oneOf(CodePointSet set) {
        List<String> choices = new ArrayList<>();
        CodePointSet raw = set.minus(SPECIAL);
        if (!raw.isEmpty()) {
            choices.add(charClass(raw));
        }
        StringBuilder shortLetters = new StringBuilder();
        StringBuilder[] hexLows = {new StringBuilder(), new StringBuilder()};
        for (int c = 0; c < 0x20; c++) {
            if (!set.contains(c)) {
                continue;
            }
            int shortEscape = SHORT_ESCAPES.indexOf(c);
            if (shortEscape >= 0) {
                shortLetters.append(SHORT_ESCAPE_LETTERS.charAt(shortEscape));
            } else {
                hexLows[c >> 4].append(Character.forDigit(c & 0xF, 16));
            }
        }
        for (int c : new int[] {'"', '\\'}) {
            if (set.contains(c)) {
                choices.add(GbnfLiterals.literal(jsonEscaped(c)));
            }
        }
        if (!shortLetters.isEmpty()) {
            choices.add("\"\\\\\" " + charClass(CodePointSet.of(shortLetters.codePoints().toArray())));
        }
        for (int high = 0; high < 2; high++) {
            if (!hexLows[high].isEmpty()) {
                CodePointSet lows = CodePointSet.of(hexLows[high].codePoints().toArray());
                choices.add("\"\\\\u00" + high + "\" " + charClass(lows));
            }
        }
        return choices.size() == 1 ? choices.getFirst() : "(" + String.join(" | ", choices) + ")";
    }

    /** A positive GBNF character class for the set; characters GBNF treats specially are written as escapes. */
    static String charClass(CodePointSet set) {
        StringBuilder out = new StringBuilder("[");
        for (int[] range : set.ranges()) {
            out.append(classChar(range[0]));
            if (range[1] > range[0]) {
                if (range[1] > range[0] + 1) {
                    out.append('-');
                }
                out.append(classChar(range[1]));
            }
        }
        return out.append(']').toString();
    }

    /** Printable ASCII and letters and digits as they are, anything else as an escape. */
    private static String classChar(int c) {
        if (c < 0x20 || c == 0x7F || c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') {
            return String.format("\\x%02X", c);
        }
        if (c < 0x7F || Character.isLetterOrDigit(c)) {
            return Character.toString(c);
        }
        return c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c);
    }
}
