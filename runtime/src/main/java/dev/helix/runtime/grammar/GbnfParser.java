/*
 * Port of llama_grammar_parser from llama.cpp's src/llama-grammar.cpp as of early 2025 (ggerganov/llama.cpp at
 * 13763a2a, the parser of build b4916), https://github.com/ggml-org/llama.cpp. MIT License, Copyright (c)
 * 2023-2024 The ggml authors; the full license text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import static dev.helix.runtime.grammar.GbnfGrammar.ALT;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_ALT;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_ANY;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_NOT;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_RNG_UPPER;
import static dev.helix.runtime.grammar.GbnfGrammar.END;
import static dev.helix.runtime.grammar.GbnfGrammar.RULE_REF;
import static dev.helix.runtime.grammar.GbnfGrammar.element;
import static dev.helix.runtime.grammar.GbnfGrammar.type;
import static dev.helix.runtime.grammar.GbnfGrammar.value;

import dev.helix.provider.InvalidRequestException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code llama_grammar_parser::parse}: GBNF text to rules, accepting and rejecting exactly what llama.cpp b4916
 * does, with its messages. Repetition counts are C {@code int}s as there ({@code std::stoul} then narrowed), so
 * {@code {4294967297}} means {@code {1}} and a count past 2^64 is the error "stoul".
 *
 * <p>One addition: llama.cpp writes out every repetition ({@code x{0,N}} becomes N rules), and a grammar that
 * expands past {@link #MAX_ELEMENTS} elements is refused here, where llama.cpp would spend seconds and
 * gigabytes on it or fail with std::bad_alloc.
 */
final class GbnfParser {
    static final long MAX_ELEMENTS = 2_000_000;
    private static final BigInteger ULONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final GbnfSource src;
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<long[]> rules = new ArrayList<>();
    private final Map<Integer, Integer> firstUse = new HashMap<>();
    private long elements;

    private GbnfParser(GbnfSource src) {
        this.src = src;
    }

    /**
     * The rules of a grammar that parses and defines every rule it uses, before llama_grammar_init_impl's own
     * checks (root, left recursion), which {@link GbnfValidator} makes.
     */
    static Parsed parse(GbnfSource src) {
        GbnfParser parser = new GbnfParser(src);
        int pos = src.skipSpace(0, true);
        while (src.at(pos) != 0) {
            pos = parser.parseRule(pos);
        }
        parser.checkDefined();
        return new Parsed(new GbnfGrammar(parser.rules, parser.names, parser.symbolIds.getOrDefault("root", -1)),
                parser.firstUse);
    }

    /** The grammar, and where each rule name is first used in the text (for messages). */
    record Parsed(GbnfGrammar grammar, Map<Integer, Integer> firstUse) {}

    private int symbolId(String name, int usedAt) {
        Integer id = symbolIds.get(name);
        if (id == null) {
            id = names.size();
            symbolIds.put(name, id);
            names.add(name);
        }
        if (usedAt >= 0) {
            firstUse.putIfAbsent(id, usedAt);
        }
        return id;
    }

    private int generateSymbolId(String baseName) {
        int id = names.size();
        symbolIds.put(baseName + '_' + id, id);
        names.add(baseName + '_' + id);
        return id;
    }

    private void addRule(int id, long[] rule) {
        while (rules.size() <= id) {
            rules.add(null);
        }
        rules.set(id, rule);
    }

    private int parseRule(int start) {
        int nameEnd = src.nameEnd(start);
        int pos = src.skipSpace(nameEnd, false);
        String name = src.text(start, nameEnd);
        int id = symbolId(name, -1);
        if (!(src.at(pos) == ':' && src.at(pos + 1) == ':' && src.at(pos + 2) == '=')) {
            throw src.error("expecting ::=", pos);
        }
        pos = src.skipSpace(pos + 3, true);
        pos = parseAlternates(pos, name, id, false);
        if (src.at(pos) == '\r') {
            pos += src.at(pos + 1) == '\n' ? 2 : 1;
        } else if (src.at(pos) == '\n') {
            pos++;
        } else if (src.at(pos) != 0) {
            throw src.error("expecting newline or end", pos);
        }
        return src.skipSpace(pos, true);
    }

    private int parseAlternates(int pos, String ruleName, int ruleId, boolean nested) {
        LongList rule = new LongList();
        pos = parseSequence(pos, ruleName, rule, nested);
        while (src.at(pos) == '|') {
            add(rule, element(ALT, 0));
            pos = src.skipSpace(pos + 1, true);
            pos = parseSequence(pos, ruleName, rule, nested);
        }
        add(rule, element(END, 0));
        addRule(ruleId, rule.toArray());
        return pos;
    }

    private int parseSequence(int pos, String ruleName, LongList rule, boolean nested) {
        int lastSymStart = rule.size();
        while (src.at(pos) != 0) {
            int c = src.at(pos);
            if (c == '"') {
                pos++;
                lastSymStart = rule.size();
                while (src.at(pos) != '"') {
                    if (src.at(pos) == 0) {
                        throw src.error("unexpected end of input", pos);
                    }
                    long parsed = src.parseChar(pos);
                    pos = GbnfSource.charEnd(parsed);
                    add(rule, element(CHAR, GbnfSource.charValue(parsed)));
                }
                pos = src.skipSpace(pos + 1, nested);
            } else if (c == '[') {
                lastSymStart = rule.size();
                pos = src.skipSpace(parseCharClass(pos + 1, rule) + 1, nested);
            } else if (GbnfSource.isWordChar(c)) {
                int nameEnd = src.nameEnd(pos);
                int refId = symbolId(src.text(pos, nameEnd), pos);
                pos = src.skipSpace(nameEnd, nested);
                lastSymStart = rule.size();
                add(rule, element(RULE_REF, refId));
            } else if (c == '(') {
                pos = src.skipSpace(pos + 1, true);
                int subRuleId = generateSymbolId(ruleName);
                pos = parseAlternates(pos, ruleName, subRuleId, true);
                lastSymStart = rule.size();
                add(rule, element(RULE_REF, subRuleId));
                if (src.at(pos) != ')') {
                    throw src.error("expecting ')'", pos);
                }
                pos = src.skipSpace(pos + 1, nested);
            } else if (c == '.') {
                lastSymStart = rule.size();
                add(rule, element(CHAR_ANY, 0));
                pos = src.skipSpace(pos + 1, nested);
            } else if (c == '*' || c == '+' || c == '?') {
                pos = src.skipSpace(pos + 1, nested);
                repeat(rule, lastSymStart, c == '+' ? 1 : 0, c == '?' ? 1 : -1, ruleName, pos);
            } else if (c == '{') {
                pos = parseBraces(src.skipSpace(pos + 1, nested), nested, rule, lastSymStart, ruleName);
            } else {
                break;
            }
        }
        return pos;
    }

    /** A [...] class from after the '['; returns the position of the closing ']'. */
    private int parseCharClass(int pos, LongList rule) {
        int startType = CHAR;
        if (src.at(pos) == '^') {
            pos++;
            startType = CHAR_NOT;
        }
        int classStart = rule.size();
        while (src.at(pos) != ']') {
            if (src.at(pos) == 0) {
                throw src.error("unexpected end of input", pos);
            }
            long parsed = src.parseChar(pos);
            pos = GbnfSource.charEnd(parsed);
            add(rule, element(classStart < rule.size() ? CHAR_ALT : startType, GbnfSource.charValue(parsed)));
            if (src.at(pos) == '-' && src.at(pos + 1) != ']') {
                if (src.at(pos + 1) == 0) {
                    throw src.error("unexpected end of input", pos + 1);
                }
                long end = src.parseChar(pos + 1);
                pos = GbnfSource.charEnd(end);
                add(rule, element(CHAR_RNG_UPPER, GbnfSource.charValue(end)));
            }
        }
        return pos;
    }

    /** {n}, {n,} or {n,m} from after the '{' and its spaces; returns the position after it. */
    private int parseBraces(int pos, boolean nested, LongList rule, int lastSymStart, String ruleName) {
        if (!GbnfSource.isDigit(src.at(pos))) {
            throw src.error("expecting an int", pos);
        }
        int intEnd = src.intEnd(pos);
        int minTimes = stoul(pos, intEnd);
        pos = src.skipSpace(intEnd, nested);
        int maxTimes = -1;
        if (src.at(pos) == '}') {
            maxTimes = minTimes;
            pos = src.skipSpace(pos + 1, nested);
        } else if (src.at(pos) == ',') {
            pos = src.skipSpace(pos + 1, nested);
            if (GbnfSource.isDigit(src.at(pos))) {
                intEnd = src.intEnd(pos);
                maxTimes = stoul(pos, intEnd);
                pos = src.skipSpace(intEnd, nested);
            }
            if (src.at(pos) != '}') {
                throw src.error("expecting '}'", pos);
            }
            pos = src.skipSpace(pos + 1, nested);
        } else {
            throw src.error("expecting ','", pos);
        }
        repeat(rule, lastSymStart, minTimes, maxTimes, ruleName, pos);
        return pos;
    }

    /** {@code std::stoul} narrowed to a C int, as llama.cpp assigns it. */
    private int stoul(int from, int to) {
        BigInteger value = new BigInteger(src.text(from, to));
        if (value.compareTo(ULONG_MAX) > 0) {
            throw src.error("stoul (repetition count out of range)", from);
        }
        return value.intValue();
    }

    /**
     * {@code handle_repetitions}: S{m,n} becomes m copies of S and a chain of n-m optional rules
     * {@code S' ::= S S'' |}; S{m,} ends in one recursive rule {@code S' ::= S S' |}.
     */
    private void repeat(LongList rule, int lastSymStart, int minTimes, int maxTimes, String ruleName, int pos) {
        if (lastSymStart == rule.size()) {
            throw src.error("expecting preceding item to */+/?/{", pos);
        }
        long[] prev = rule.copyOfRange(lastSymStart, rule.size());
        int nOpt = maxTimes < 0 ? 1 : maxTimes - minTimes;
        long added = (minTimes > 1 ? minTimes - 1L : 0L) * prev.length + Math.max(nOpt, 0L) * (prev.length + 3);
        if (elements + added > MAX_ELEMENTS) {
            throw new InvalidRequestException("invalid grammar: repetition at " + src.where(pos) + " makes the grammar"
                    + " larger than " + MAX_ELEMENTS + " elements in llama.cpp; use smaller counts", null);
        }
        if (minTimes == 0) {
            rule.truncate(lastSymStart);
        } else {
            for (int i = 1; i < minTimes; i++) {
                rule.addAll(prev);
            }
        }
        int lastRecRuleId = 0;
        for (int i = 0; i < nOpt; i++) {
            LongList recRule = new LongList(prev);
            int recRuleId = generateSymbolId(ruleName);
            if (i > 0 || maxTimes < 0) {
                recRule.add(element(RULE_REF, maxTimes < 0 ? recRuleId : lastRecRuleId));
            }
            recRule.add(element(ALT, 0));
            recRule.add(element(END, 0));
            addRule(recRuleId, recRule.toArray());
            lastRecRuleId = recRuleId;
        }
        if (nOpt > 0) {
            rule.add(element(RULE_REF, lastRecRuleId));
        }
        elements += added;
    }

    private void add(LongList rule, long element) {
        rule.add(element);
        elements++;
    }

    /** The end of {@code parse()}: every rule slot and every referenced rule must be defined. */
    private void checkDefined() {
        for (int id = 0; id < rules.size(); id++) {
            long[] rule = rules.get(id);
            if (rule == null) {
                throw undefined("Undefined rule", id);
            }
            for (long element : rule) {
                if (type(element) == RULE_REF) {
                    int ref = value(element);
                    if (ref >= rules.size() || rules.get(ref) == null) {
                        throw undefined("Undefined rule identifier", ref);
                    }
                }
            }
        }
    }

    private InvalidRequestException undefined(String message, int id) {
        return src.error(message + " '" + names.get(id) + "'", firstUse.getOrDefault(id, 0));
    }
}
