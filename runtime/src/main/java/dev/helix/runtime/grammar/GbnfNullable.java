package dev.helix.runtime.grammar;

import static dev.helix.runtime.grammar.GbnfGrammar.ALT;
import static dev.helix.runtime.grammar.GbnfGrammar.END;
import static dev.helix.runtime.grammar.GbnfGrammar.RULE_REF;
import static dev.helix.runtime.grammar.GbnfGrammar.type;
import static dev.helix.runtime.grammar.GbnfGrammar.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rules can match the empty string: those with an alternative made only of references to such rules (an
 * empty alternative included). The usual fixed point, computed with a work list in linear time.
 */
final class GbnfNullable {
    private GbnfNullable() {}

    static boolean[] of(GbnfGrammar grammar) {
        int n = grammar.size();
        boolean[] nullable = new boolean[n];
        // each alternative without characters: its rule, and how many of its references are not yet nullable
        List<int[]> alternatives = new ArrayList<>();
        List<List<Integer>> usedBy = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            usedBy.add(new ArrayList<>());
        }
        ArrayDeque<Integer> newlyNullable = new ArrayDeque<>();
        for (int id = 0; id < n; id++) {
            long[] rule = grammar.rule(id);
            int start = 0;
            for (int i = 0; i < rule.length; i++) {
                if (type(rule[i]) == ALT || type(rule[i]) == END) {
                    addAlternative(id, rule, start, i, alternatives, usedBy, nullable, newlyNullable);
                    start = i + 1;
                }
            }
        }
        while (!newlyNullable.isEmpty()) {
            for (int alternative : usedBy.get(newlyNullable.poll())) {
                int[] entry = alternatives.get(alternative);
                if (--entry[1] == 0 && !nullable[entry[0]]) {
                    nullable[entry[0]] = true;
                    newlyNullable.add(entry[0]);
                }
            }
        }
        return nullable;
    }

    private static void addAlternative(int id, long[] rule, int from, int to, List<int[]> alternatives,
            List<List<Integer>> usedBy, boolean[] nullable, ArrayDeque<Integer> newlyNullable) {
        for (int i = from; i < to; i++) {
            if (type(rule[i]) != RULE_REF) {
                return;
            }
        }
        if (from == to) {
            if (!nullable[id]) {
                nullable[id] = true;
                newlyNullable.add(id);
            }
            return;
        }
        int index = alternatives.size();
        alternatives.add(new int[] {id, to - from});
        for (int i = from; i < to; i++) {
            usedBy.get(value(rule[i])).add(index);
        }
    }
}
