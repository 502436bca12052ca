package dev.helix.runtime.grammar;

import static dev.helix.runtime.grammar.GbnfGrammar.RULE_REF;
import static dev.helix.runtime.grammar.GbnfGrammar.endsAlternative;
import static dev.helix.runtime.grammar.GbnfGrammar.type;
import static dev.helix.runtime.grammar.GbnfGrammar.value;

/**
 * How much work llama.cpp's {@code llama_grammar_advance_stack} does. To find the characters allowed next, it
 * follows every alternative of every rule reference at the top of a parse stack, depth first, until each path
 * reaches a character, and keeps one stack per path. For each position in a rule this class counts those paths:
 * T, the paths that reach a character, and X, the paths that match the empty string and go on with what follows
 * the rule. Nested optional repetitions multiply them: {@code (([^x]*){0,99}){0,99}} has over 100^99 paths, and
 * llama.cpp hangs or overflows its stack on it. Counts saturate; needs a grammar without left recursion.
 */
final class GbnfExpansion {
    /**
     * Most parse stacks one step of llama.cpp may build from a single position (an enum value or alternative
     * each). llama.cpp de-duplicates them pairwise and checks every candidate token against each: b4916 takes
     * 0.7 s to start on 20,000 alternatives and 18 s on 100,000.
     */
    static final long MAX_PATHS = 10_000;
    private static final long CAP = 1L << 50;

    private final long[] reach;
    private final long[] empty;

    private GbnfExpansion(int size) {
        reach = new long[size];
        empty = new long[size];
    }

    /**
     * The largest count of paths from any position of a rule reachable from root (saturating at 2^50), given
     * the semantic left recursion check found none.
     */
    static long maxPaths(GbnfGrammar grammar, GbnfLeftRecursion leftRecursion) {
        GbnfExpansion counts = new GbnfExpansion(grammar.size());
        for (int id : leftRecursion.leftToRightOrder()) {
            counts.countRule(grammar.rule(id), id);
        }
        boolean[] reachable = grammar.reachableFromRoot();
        long max = 0;
        for (int id = 0; id < grammar.size(); id++) {
            if (!reachable[id]) {
                continue;
            }
            max = Math.max(max, add(counts.reach[id], counts.empty[id]));
            max = Math.max(max, counts.maxSuffix(grammar.rule(id)));
        }
        return max;
    }

    /** T and X of a rule: the sums over its alternatives, each read left to right until a character. */
    private void countRule(long[] rule, int id) {
        long reachSum = 0;
        long emptySum = 0;
        int i = 0;
        while (i < rule.length) {
            long reachAlt = 0;
            long emptyAlt = 1;
            for (; !endsAlternative(rule[i]); i++) {
                if (emptyAlt == 0) {
                    continue;
                }
                if (type(rule[i]) == RULE_REF) {
                    int ref = value(rule[i]);
                    reachAlt = add(reachAlt, multiply(emptyAlt, reach[ref]));
                    emptyAlt = multiply(emptyAlt, empty[ref]);
                } else {
                    reachAlt = add(reachAlt, emptyAlt);
                    emptyAlt = 0;
                }
            }
            reachSum = add(reachSum, reachAlt);
            emptySum = add(emptySum, emptyAlt);
            i++;
        }
        reach[id] = reachSum;
        empty[id] = emptySum;
    }

    /** The largest T + X of a suffix of an alternative: where a stack resumes after a character or a rule. */
    private long maxSuffix(long[] rule) {
        long max = 0;
        long reachNext = 0;
        long emptyNext = 1;
        for (int i = rule.length - 1; i >= 0; i--) {
            if (endsAlternative(rule[i])) {
                reachNext = 0;
                emptyNext = 1;
            } else if (type(rule[i]) == RULE_REF) {
                int ref = value(rule[i]);
                reachNext = add(reach[ref], multiply(empty[ref], reachNext));
                emptyNext = multiply(empty[ref], emptyNext);
            } else {
                reachNext = 1;
                emptyNext = 0;
            }
            max = Math.max(max, add(reachNext, emptyNext));
        }
        return max;
    }

    private static long add(long a, long b) {
        return Math.min(CAP, a + b);
    }

    private static long multiply(long a, long b) {
        return a != 0 && b > CAP / a ? CAP : Math.min(CAP, a * b);
    }
}
