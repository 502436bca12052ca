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
import java.util.Set;

/**
 * {@code _visit_pattern}: translates a JSON Schema {@code pattern} (anchored with ^ and $) into GBNF, byte by
 * byte, as llama.cpp b4916 does. Groups, alternation, classes, quantifiers and escapes pass through; escapes
 * such as {@code \d} are copied into literals unchanged, as llama.cpp copies them.
 *
 * <p>Where llama.cpp b4916 has undefined behaviour, this class reports an error instead: a quantifier with
 * nothing before it and any {@code (?...)} group (native code reads past an empty vector and crashes), and a
 * stray {@code ]} or {@code }} (native code loops forever), and a count in braces too large for an int (native
 * code lets std::out_of_range escape).
 */
final class RegexToGbnf {
    private static final Set<Character> NON_LITERAL = Set.of('|', '.', '(', ')', '[', ']', '{', '}', '*', '+', '?');
    private static final Set<Character> ESCAPED_IN_REGEXPS_BUT_NOT_IN_LITERALS =
            Set.of('^', '$', '.', '[', ']', '(', ')', '|', '{', '}', '*', '+', '?');

    /** A literal (to be quoted) or a finished piece of rule text. */
    private record Piece(String text, boolean literal) {
        String toRule() {
            return literal ? "\"" + text + "\"" : text;
        }
    }

    private final RuleSet rules;
    private final boolean dotall;
    private final String name;
    private final String pattern;
    private final Map<String, String> subRuleIds = new HashMap<>();
    private int i;

    private RegexToGbnf(RuleSet rules, boolean dotall, String name, String pattern) {
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
        String subPattern = pattern.length() < 2 ? "" : pattern.substring(1, pattern.length() - 1);
        RegexToGbnf converter = new RegexToGbnf(rules, dotall, name, subPattern);
        return rules.add(name, "\"\\\"\" (" + converter.transform().toRule() + ") \"\\\"\" space");
    }

    private Piece transform() {
        int start = i;
        int length = pattern.length();
        List<Piece> seq = new ArrayList<>();
        while (i < length) {
            char c = pattern.charAt(i);
            if (c == '.') {
                seq.add(new Piece(dot(), false));
                i++;
            } else if (c == '(') {
                i++;
                if (i < length && pattern.charAt(i) == '?') {
                    rules.error("Unsupported pattern syntax: groups starting with '(?' (non-capturing or lookaround)");
                    i++;
                }
                seq.add(new Piece("(" + transform().toRule() + ")", false));
            } else if (c == ')') {
                i++;
                if (start > 0 && pattern.charAt(start - 1) != '(' && !pattern.startsWith("(?", start - 2)) {
                    rules.error("Unbalanced parentheses");
                }
                return joinSeq(seq);
            } else if (c == '[') {
                seq.add(new Piece(squareBrackets(), false));
            } else if (c == '|') {
                seq.add(new Piece("|", false));
                i++;
            } else if (c == '*' || c == '+' || c == '?') {
                i++;
                if (seq.isEmpty()) {
                    rules.error("Unsupported pattern syntax: nothing to repeat before '" + c + "'");
                } else {
                    Piece last = seq.removeLast();
                    seq.add(new Piece(last.toRule() + c, false));
                }
            } else if (c == '{') {
                int[] times = curlyBrackets();
                if (times == null) {
                    return new Piece("", false);
                }
                if (seq.isEmpty()) {
                    rules.error("Unsupported pattern syntax: nothing to repeat before '{'");
                } else {
                    seq.add(repeat(seq.removeLast(), times[0], times[1]));
                }
            } else {
                String literal = literal();
                if (!literal.isEmpty()) {
                    seq.add(new Piece(literal, true));
                } else {
                    rules.error(c == ']' ? "Unbalanced square brackets" : "Unbalanced curly brackets");
                    i++;
                }
            }
        }
        return joinSeq(seq);
    }

    private String dot() {
        return rules.add("dot", dotall ? "[\\U00000000-\\U0010FFFF]" : "[^\\x0A\\x0D]");
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

    private String squareBrackets() {
        int length = pattern.length();
        StringBuilder out = new StringBuilder("[");
        i++;
        while (i < length && pattern.charAt(i) != ']') {
            if (pattern.charAt(i) == '\\') {
                out.append(pattern, i, Math.min(i + 2, length));
                i += 2;
            } else {
                out.append(pattern.charAt(i));
                i++;
            }
        }
        if (i >= length) {
            rules.error("Unbalanced square brackets");
        }
        i++;
        return out.append(']').toString();
    }

    /** Reads {n}, {n,} or {n,m}: {min, max}, or null after "Invalid number in curly brackets". */
    private int[] curlyBrackets() {
        int length = pattern.length();
        StringBuilder inner = new StringBuilder();
        i++;
        while (i < length && pattern.charAt(i) != '}') {
            inner.append(pattern.charAt(i));
            i++;
        }
        if (i >= length) {
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
        return new int[] {min, max};
    }

    private Piece repeat(Piece last, int min, int max) {
        String sub = last.text();
        if (!last.literal()) {
            String id = subRuleIds.get(sub);
            if (id == null) {
                subRuleIds.put(sub, "");
                id = rules.add(name + "-" + subRuleIds.size(), sub);
                subRuleIds.put(sub, id);
            }
            sub = id;
        }
        return new Piece(GbnfLiterals.repetition(last.literal() ? "\"" + sub + "\"" : sub, min, max, ""), false);
    }

    private String literal() {
        int length = pattern.length();
        StringBuilder literal = new StringBuilder();
        while (i < length) {
            char c = pattern.charAt(i);
            if (c == '\\' && i < length - 1) {
                char next = pattern.charAt(i + 1);
                if (ESCAPED_IN_REGEXPS_BUT_NOT_IN_LITERALS.contains(next)) {
                    literal.append(next);
                } else {
                    literal.append(c).append(next);
                }
                i += 2;
            } else if (c == '"') {
                literal.append("\\\"");
                i++;
            } else if (!NON_LITERAL.contains(c) && (i == length - 1 || literal.isEmpty()
                    || pattern.charAt(i + 1) == '.' || !NON_LITERAL.contains(pattern.charAt(i + 1)))) {
                literal.append(c);
                i++;
            } else {
                break;
            }
        }
        return literal.toString();
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
