/*
 * Part of the port of llama.cpp's common/json-schema-to-grammar.cpp at build b4916,
 * https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c) 2023-2024 The ggml authors; the full license
 * text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _visit_pattern}: translates a JSON Schema {@code pattern} (anchored with ^ and $) into GBNF for the JSON
 * string whose value matches it. Groups, alternation, quantifiers and plain classes come out as llama.cpp b4916
 * writes them. Where b4916's grammar is wrong, this one differs:
 * <ul>
 *   <li>it works on characters, where b4916 works on UTF-8 bytes ({@code é+} repeated only the last byte);
 *   <li>characters are matched as JSON writes them ({@link JsonStringChars}): b4916 let {@code "} and {@code \}
 *       through raw (a dot, a negated class, a quote in the pattern) and the model could end the string early;
 *   <li>escapes such as {@code \d \w \s \D \W \S \t \n \xHH \.} are translated; b4916 copied them into
 *       literals, where llama.cpp cannot parse {@code \d} and dropped the whole grammar;
 *   <li>a lazy quantifier ({@code +?}) is the quantifier, not an optional repetition;
 *   <li>what cannot be expressed is an error: a ')' or '(' without its pair (b4916 silently dropped the rest of
 *       the pattern after a stray ')'), anchors inside the pattern, word boundaries, back references, a range
 *       {@code {3,1}}, an empty class.
 * </ul>
 * Where llama.cpp b4916 has undefined behaviour, this class reports an error instead: a quantifier with nothing
 * before it and any {@code (?...)} group, a stray {@code ]} or {@code }}, and a count too large for an int.
 */
final class RegexToGbnf {
    private static final CodePointSet DIGIT = CodePointSet.range('0', '9');
    private static final CodePointSet WORD = CodePointSet.ranges('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
    private static final CodePointSet SPACE = CodePointSet.ranges(0x09, 0x0D, 0x20, 0x20, 0xA0, 0xA0, 0x1680, 0x1680,
            0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF);
    private static final CodePointSet LINE_TERMINATORS = CodePointSet.of('\n', '\r', 0x2028, 0x2029);

    /** A literal (decoded text, to be written as JSON) or a finished piece of rule text. */
    private record Piece(String text, boolean literal) {
        String toRule() {
            return literal ? JsonStringChars.literal(text) : text;
        }
    }

    private final RuleSet rules;
    private final boolean dotall;
    private final String name;
    private final int[] pattern;
    private final Map<String, String> subRuleIds = new HashMap<>();
    private int i;

    private RegexToGbnf(RuleSet rules, boolean dotall, String name, int[] pattern) {
        this.rules = rules;
        this.dotall = dotall;
        this.name = name;
        this.pattern = pattern;
    }

    /** Adds the rule for pattern (UTF-8 bytes) under name and returns its name, or "" after an error. */
    static String visit(RuleSet rules, boolean dotall, String pattern, String name) {
        if (pattern.isEmpty() || pattern.charAt(0) != '^' || pattern.charAt(pattern.length() - 1) != '$') {
            rules.error("Pattern must start with '^' and end with '$'");
            return "";
        }
        String subPattern = pattern.length() < 2 ? "" : Utf8.decode(pattern.substring(1, pattern.length() - 1));
        RegexToGbnf converter = new RegexToGbnf(rules, dotall, name, subPattern.codePoints().toArray());
        String body = converter.transform(0).toRule();
        return rules.add(name, Utf8.bytes("\"\\\"\" (" + body + ") \"\\\"\" space"));
    }

    private Piece transform(int depth) {
        List<Piece> seq = new ArrayList<>();
        while (i < pattern.length) {
            int c = pattern[i];
            if (c == '.') {
                seq.add(new Piece(dot(), false));
                i++;
            } else if (c == '(') {
                i++;
                if (i < pattern.length && pattern[i] == '?') {
                    rules.error("Unsupported pattern syntax: groups starting with '(?' (non-capturing or lookaround)");
                    i++;
                }
                seq.add(new Piece("(" + transform(depth + 1).toRule() + ")", false));
            } else if (c == ')') {
                i++;
                if (depth > 0) {
                    return joinSeq(seq);
                }
                rules.error("Unbalanced parentheses: ')' without '('");
            } else if (c == '[') {
                seq.add(new Piece(squareBrackets(), false));
            } else if (c == '|') {
                seq.add(new Piece("|", false));
                i++;
            } else if (c == '*' || c == '+' || c == '?') {
                i++;
                if (nothingToRepeat(seq, c)) {
                    continue;
                }
                seq.add(new Piece(seq.removeLast().toRule() + (char) c, false));
                skipLazy();
            } else if (c == '{') {
                int[] times = curlyBrackets();
                if (times == null) {
                    return new Piece("", false);
                }
                if (!nothingToRepeat(seq, '{')) {
                    seq.add(repeat(seq.removeLast(), times[0], times[1]));
                    skipLazy();
                }
            } else if (c == '\\') {
                seq.add(escape());
            } else if (c == '^' || c == '$') {
                rules.error("Unsupported pattern syntax: '" + (char) c + "' inside the pattern (only a leading '^'"
                        + " and a trailing '$' are supported)");
                i++;
            } else if (c == ']' || c == '}') {
                rules.error(c == ']' ? "Unbalanced square brackets" : "Unbalanced curly brackets");
                i++;
            } else {
                seq.add(new Piece(Character.toString(c), true));
                i++;
            }
        }
        if (depth > 0) {
            rules.error("Unbalanced parentheses: '(' without ')'");
        }
        return joinSeq(seq);
    }

    private boolean nothingToRepeat(List<Piece> seq, int quantifier) {
        if (seq.isEmpty() || (!seq.getLast().literal() && seq.getLast().text().equals("|"))) {
            rules.error("Unsupported pattern syntax: nothing to repeat before '" + (char) quantifier + "'");
            return true;
        }
        return false;
    }

    /** A '?' after a quantifier makes it lazy, which matches the same strings. */
    private void skipLazy() {
        if (i < pattern.length && pattern[i] == '?') {
            i++;
        }
    }

    private String dot() {
        CodePointSet any = dotall ? CodePointSet.ALL : CodePointSet.ALL.minus(LINE_TERMINATORS);
        return rules.add("dot", Utf8.bytes(JsonStringChars.oneOf(any)));
    }

    /** Joins the sequence, merging consecutive literals together. */
    private static Piece joinSeq(List<Piece> seq) {
        List<String> results = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (Piece item : seq) {
            if (item.literal()) {
                literal.append(item.text());
            } else {
                if (!literal.isEmpty()) {
                    results.add(new Piece(literal.toString(), true).toRule());
                    literal.setLength(0);
                }
                results.add(item.toRule());
            }
        }
        if (!literal.isEmpty()) {
            results.add(new Piece(literal.toString(), true).toRule());
        }
        return new Piece(String.join(" ", results), false);
    }

    /** An escape outside a class: a character, a class such as \d, or an error. */
    private Piece escape() {
        if (i + 1 >= pattern.length) {
            rules.error("Unsupported pattern syntax: '\\' at the end of the pattern");
            i++;
            return new Piece("", true);
        }
        CodePointSet set = classEscape(pattern[i + 1]);
        if (set != null) {
            i += 2;
            return new Piece(JsonStringChars.oneOf(set), false);
        }
        int c = escapedChar();
        return new Piece(c < 0 ? "" : Character.toString(c), true);
    }

    /** \d \D \w \W \s \S, or null. */
    private static CodePointSet classEscape(int letter) {
        return switch (letter) {
            case 'd' -> DIGIT;
            case 'D' -> CodePointSet.ALL.minus(DIGIT);
            case 'w' -> WORD;
            case 'W' -> CodePointSet.ALL.minus(WORD);
            case 's' -> SPACE;
            case 'S' -> CodePointSet.ALL.minus(SPACE);
            default -> null;
        };
    }

    /**
     * The character an escape at i stands for (i moves past it): \t \n \r \f \v \0, \xHH, u with four hex
     * digits, or any other non-alphanumeric character for itself; -1 after an error.
     */
    private int escapedChar() {
        int letter = pattern[i + 1];
        i += 2;
        switch (letter) {
            case 't':
                return '\t';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 'f':
                return '\f';
            case 'v':
                return 0x0B;
            case 'x':
                return hex(2);
            case 'u':
                return hex(4);
            case '0':
                if (i < pattern.length && isAsciiDigit(pattern[i])) {
                    break;
                }
                return 0;
            default:
                if (!isAsciiDigit(letter) && !(letter >= 'a' && letter <= 'z') && !(letter >= 'A' && letter <= 'Z')) {
                    return letter;
                }
        }
        rules.error("Unsupported pattern syntax: escape '\\" + Character.toString(letter) + "'"
                + (letter == 'b' || letter == 'B' ? " (word boundary)" : isAsciiDigit(letter)
                        ? " (back reference)" : ""));
        return -1;
    }

    private int hex(int digits) {
        int value = 0;
        for (int d = 0; d < digits; d++) {
            int digit = i < pattern.length && pattern[i] < 0x80 ? Character.digit(pattern[i], 16) : -1;
            if (digit < 0) {
                rules.error("Unsupported pattern syntax: expected " + digits + " hex digits in an escape");
                return -1;
            }
            value = value * 16 + digit;
            i++;
        }
        if (value >= 0xD800 && value <= 0xDFFF) {
            rules.error("Unsupported pattern syntax: a surrogate in a \\u escape");
            return -1;
        }
        return value;
    }

    /**
     * A class [...] or [^...]. One that only lists characters a JSON string holds raw, in syntax GBNF reads the
     * same way, is copied as it is; any other becomes {@link JsonStringChars#oneOf}.
     */
    private String squareBrackets() {
        int start = i;
        i++;
        boolean negated = i < pattern.length && pattern[i] == '^';
        if (negated) {
            i++;
        }
        boolean[] copyable = {!negated};
        CodePointSet set = CodePointSet.of();
        while (i < pattern.length && pattern[i] != ']') {
            CodePointSet atom = classAtom(copyable);
            if (atom == null) {
                return skipClass();
            }
            if (i + 1 < pattern.length && pattern[i] == '-' && pattern[i + 1] != ']') {
                i++;
                CodePointSet end = classAtom(copyable);
                if (end == null) {
                    return skipClass();
                }
                if (!single(atom) || !single(end) || first(atom) > first(end)) {
                    rules.error("Unsupported pattern syntax: invalid range in a character class");
                    return skipClass();
                }
                atom = CodePointSet.range(first(atom), first(end));
            }
            set = set.union(atom);
        }
        if (i >= pattern.length) {
            rules.error("Unbalanced square brackets");
            return "";
        }
        i++;
        if (negated) {
            set = CodePointSet.ALL.minus(set);
        }
        if (set.isEmpty()) {
            rules.error("Unsupported pattern syntax: a character class that matches nothing");
            return "";
        }
        if (copyable[0] && set.intersect(JsonStringChars.SPECIAL).isEmpty()) {
            return new String(pattern, start, i - start);
        }
        return JsonStringChars.oneOf(set);
    }

    /** After an error inside a class: moves past its closing ']', if any. */
    private String skipClass() {
        while (i < pattern.length && pattern[i] != ']') {
            i++;
        }
        i++;
        return "";
    }

    /** One character or class escape inside [...]; clears copyable[0] for escapes GBNF reads differently. */
    private CodePointSet classAtom(boolean[] copyable) {
        if (pattern[i] != '\\') {
            return CodePointSet.of(pattern[i++]);
        }
        if (i + 1 >= pattern.length) {
            rules.error("Unbalanced square brackets");
            i++;
            return null;
        }
        int letter = pattern[i + 1];
        CodePointSet set = classEscape(letter);
        if (set != null) {
            i += 2;
            copyable[0] = false;
            return set;
        }
        if (letter == 'b') {
            i += 2;
            return CodePointSet.of('\b');
        }
        copyable[0] &= letter == ']' || letter == '[' || letter == 'x' || letter == 'u';
        int c = escapedChar();
        return c < 0 ? null : CodePointSet.of(c);
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean single(CodePointSet set) {
        return set.ranges().size() == 1 && set.ranges().getFirst()[0] == set.ranges().getFirst()[1];
    }

    private static int first(CodePointSet set) {
        return set.ranges().getFirst()[0];
    }

    /** Reads {n}, {n,} or {n,m}: {min, max}, or null after "Invalid number in curly brackets". */
    private int[] curlyBrackets() {
        StringBuilder inner = new StringBuilder();
        i++;
        while (i < pattern.length && pattern[i] != '}') {
            inner.appendCodePoint(pattern[i]);
            i++;
        }
        if (i >= pattern.length) {
            rules.error("Unbalanced curly brackets");
        }
        i++;
        String[] nums = inner.toString().split(",", -1);
        int min = 0;
        int max = Integer.MAX_VALUE;
        try {
            if (nums.length == 1) {
                min = max = stoi(nums[0]);
            } else if (nums.length != 2) {
                rules.error("Wrong number of values in curly brackets");
            } else {
                if (!nums[0].isEmpty()) {
                    min = stoi(nums[0]);
                }
                if (!nums[1].isEmpty()) {
                    max = stoi(nums[1]);
                }
            }
        } catch (NumberFormatException e) {
            rules.error("Invalid number in curly brackets");
            return null;
        }
        if (min < 0 || min > max) {
            rules.error("Invalid range in curly brackets: {" + inner + "}");
        }
        return new int[] {min, max};
    }

    private Piece repeat(Piece last, int min, int max) {
        if (last.literal()) {
            return new Piece(GbnfLiterals.repetition(last.toRule(), min, max, ""), false);
        }
        String sub = last.text();
        String id = subRuleIds.get(sub);
        if (id == null) {
            subRuleIds.put(sub, "");
            id = rules.add(name + "-" + subRuleIds.size(), Utf8.bytes(sub));
            subRuleIds.put(sub, id);
        }
        return new Piece(GbnfLiterals.repetition(id, min, max, ""), false);
    }

    /**
     * {@code std::stoi}: leading white space, a sign, then digits; what follows is ignored. No digits, or a value
     * outside int, throws (llama.cpp catches only the former; the latter escapes and aborts it).
     */
    static int stoi(String text) {
        int p = 0;
        while (p < text.length() && " \t\n\u000B\f\r".indexOf(text.charAt(p)) >= 0) {
            p++;
        }
        int digitsFrom = p < text.length() && (text.charAt(p) == '+' || text.charAt(p) == '-') ? p + 1 : p;
        int end = digitsFrom;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        if (end == digitsFrom) {
            throw new NumberFormatException("no digits: " + text);
        }
        String number = text.substring(p, end);
        return Integer.parseInt(number.startsWith("+") ? number.substring(1) : number);
    }
}
