package dev.helix.runtime.grammar;

import static dev.helix.runtime.grammar.GbnfGrammar.CHAR;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_ALT;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_ANY;
import static dev.helix.runtime.grammar.GbnfGrammar.CHAR_RNG_UPPER;
import static dev.helix.runtime.grammar.GbnfGrammar.RULE_REF;
import static dev.helix.runtime.grammar.GbnfGrammar.endsAlternative;
import static dev.helix.runtime.grammar.GbnfGrammar.type;
import static dev.helix.runtime.grammar.GbnfGrammar.value;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Test support: whether a grammar matches a whole text, decided as llama.cpp's sampler decides it (parse stacks
 * advanced character by character, after {@code llama_grammar_advance_stack}, {@code llama_grammar_match_char}
 * and {@code llama_grammar_accept} in src/llama-grammar.cpp, https://github.com/ggml-org/llama.cpp, MIT License,
 * Copyright (c) 2023-2024 The ggml authors). Lets tests show what a grammar lets the model write.
 */
final class GbnfMatcher {
    /** A position in a rule. */
    private record Pos(int rule, int index) {}

    private final GbnfGrammar grammar;

    private GbnfMatcher(GbnfGrammar grammar) {
        this.grammar = grammar;
    }

    /** Checks the grammar with {@link GbnfValidator} first; it must be valid. */
    static GbnfMatcher of(String gbnf) {
        GbnfValidator.check(gbnf);
        return new GbnfMatcher(GbnfParser.parse(new GbnfSource(gbnf)).grammar());
    }

    /** The whole text is a string of the grammar. */
    boolean matches(String text) {
        Set<List<Pos>> stacks = stacksAfter(text);
        return stacks.stream().anyMatch(List::isEmpty);
    }

    /** The text can be continued into a string of the grammar (what a cut-off generation may end with). */
    boolean matchesPrefix(String text) {
        return !stacksAfter(text).isEmpty();
    }

    private Set<List<Pos>> stacksAfter(String text) {
        Set<List<Pos>> stacks = new LinkedHashSet<>();
        long[] root = grammar.rule(grammar.root());
        for (int start : alternativeStarts(root)) {
            List<Pos> stack = new ArrayList<>();
            if (!endsAlternative(root[start])) {
                stack.add(new Pos(grammar.root(), start));
            }
            advance(stack, stacks);
        }
        for (int c : text.codePoints().toArray()) {
            Set<List<Pos>> next = new LinkedHashSet<>();
            for (List<Pos> stack : stacks) {
                if (stack.isEmpty()) {
                    continue;
                }
                Pos top = stack.getLast();
                int after = matchChar(grammar.rule(top.rule()), top.index(), c);
                if (after >= 0) {
                    List<Pos> moved = new ArrayList<>(stack.subList(0, stack.size() - 1));
                    if (!endsAlternative(grammar.rule(top.rule())[after])) {
                        moved.add(new Pos(top.rule(), after));
                    }
                    advance(moved, next);
                }
            }
            stacks = next;
            if (stacks.isEmpty()) {
                break;
            }
        }
        return stacks;
    }

    private static List<Integer> alternativeStarts(long[] rule) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < rule.length - 1; i++) {
            if (type(rule[i]) == GbnfGrammar.ALT) {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    private void advance(List<Pos> stack, Set<List<Pos>> out) {
        if (stack.isEmpty()) {
            out.add(stack);
            return;
        }
        Pos top = stack.getLast();
        long element = grammar.rule(top.rule())[top.index()];
        if (type(element) != RULE_REF) {
            out.add(stack);
            return;
        }
        int ref = value(element);
        long[] refRule = grammar.rule(ref);
        for (int start : alternativeStarts(refRule)) {
            List<Pos> next = new ArrayList<>(stack.subList(0, stack.size() - 1));
            if (!endsAlternative(grammar.rule(top.rule())[top.index() + 1])) {
                next.add(new Pos(top.rule(), top.index() + 1));
            }
            if (!endsAlternative(refRule[start])) {
                next.add(new Pos(ref, start));
            }
            advance(next, out);
        }
    }

    /** The index after the character element at index if it matches c, else -1. */
    private static int matchChar(long[] rule, int index, int c) {
        boolean positive = type(rule[index]) == CHAR || type(rule[index]) == CHAR_ANY;
        boolean found = false;
        int pos = index;
        do {
            if (type(rule[pos + 1]) == CHAR_RNG_UPPER) {
                found |= Integer.compareUnsigned(value(rule[pos]), c) <= 0
                        && Integer.compareUnsigned(c, value(rule[pos + 1])) <= 0;
                pos += 2;
            } else if (type(rule[pos]) == CHAR_ANY) {
                found = true;
                pos++;
            } else {
                found |= value(rule[pos]) == c;
                pos++;
            }
        } while (type(rule[pos]) == CHAR_ALT);
        return found == positive ? pos : -1;
    }
}
