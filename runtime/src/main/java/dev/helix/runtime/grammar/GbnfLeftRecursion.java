/*
 * Part of the port of llama.cpp's src/llama-grammar.cpp (llama_grammar_detect_left_recursion, as
 * llama_grammar_init_impl uses it, early 2025 / build b4916), https://github.com/ggml-org/llama.cpp.
 * MIT License, Copyright (c) 2023-2024 The ggml authors; the full license text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import static dev.helix.runtime.grammar.GbnfGrammar.RULE_REF;
import static dev.helix.runtime.grammar.GbnfGrammar.endsAlternative;
import static dev.helix.runtime.grammar.GbnfGrammar.type;
import static dev.helix.runtime.grammar.GbnfGrammar.value;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Left recursion: a rule that can reach itself again without consuming a character. llama.cpp samples with a
 * recursive descent that never returns on such a rule, so {@code llama_grammar_init_impl} refuses them.
 *
 * <p>Its check walks, from each rule, into the rule references at the start of each alternative, and past a
 * reference only when the referenced rule "may be empty", which it decides syntactically: the rule has an empty
 * alternative. It reports the first rule index (in id order) from which it finds a cycle, which is the smallest
 * index from which a cycle of such left references can be reached; this class computes the same answer without
 * recursion. {@link #semantic} decides "may be empty" properly instead ({@code a ::= b}, {@code b ::= "" | "x"}):
 * llama.cpp b4916 misses those cycles and crashes on the grammar (stack overflow) when it reaches them.
 */
final class GbnfLeftRecursion {
    private final GbnfGrammar grammar;
    private final boolean[] mayBeEmpty;
    private final int[][] leftRefs;
    private final int[] safeOrder;
    private final int firstRecursive;

    private GbnfLeftRecursion(GbnfGrammar grammar, boolean[] mayBeEmpty, boolean[] considered) {
        this.grammar = grammar;
        this.mayBeEmpty = mayBeEmpty;
        this.leftRefs = new int[grammar.size()][];
        for (int id = 0; id < grammar.size(); id++) {
            leftRefs[id] = leftRefs(grammar.rule(id));
        }
        List<Integer> order = new ArrayList<>();
        boolean[] safe = peelSafe(order);
        this.safeOrder = order.stream().mapToInt(Integer::intValue).toArray();
        int first = -1;
        for (int id = 0; id < safe.length && first < 0; id++) {
            if (!safe[id] && considered[id]) {
                first = id;
            }
        }
        this.firstRecursive = first;
    }

    /** llama.cpp's check: "may be empty" means having an empty alternative. */
    static GbnfLeftRecursion llamaCpp(GbnfGrammar grammar) {
        boolean[] empty = new boolean[grammar.size()];
        for (int id = 0; id < grammar.size(); id++) {
            long[] rule = grammar.rule(id);
            boolean atStart = true;
            for (long element : rule) {
                if (endsAlternative(element)) {
                    if (atStart) {
                        empty[id] = true;
                        break;
                    }
                    atStart = true;
                } else {
                    atStart = false;
                }
            }
        }
        boolean[] all = new boolean[grammar.size()];
        Arrays.fill(all, true);
        return new GbnfLeftRecursion(grammar, empty, all);
    }

    /**
     * The same walk where "may be empty" means the rule can match the empty string, over the rules reachable
     * from root only: llama.cpp never enters the others.
     */
    static GbnfLeftRecursion semantic(GbnfGrammar grammar) {
        return new GbnfLeftRecursion(grammar, GbnfNullable.of(grammar), grammar.reachableFromRoot());
    }

    /** The smallest rule id (of those checked) from which left recursion is reachable, or -1 if none. */
    int firstRecursive() {
        return firstRecursive;
    }

    boolean mayBeEmpty(int id) {
        return mayBeEmpty[id];
    }

    /**
     * Rule ids such that each comes after every rule it references at a left position: all rules from which no
     * left recursion is reachable.
     */
    int[] leftToRightOrder() {
        return safeOrder;
    }

    /** The references the walk enters from rule: at an alternative's start, or after ones that may be empty. */
    private int[] leftRefs(long[] rule) {
        int[] refs = new int[rule.length];
        int count = 0;
        boolean recurse = true;
        for (long element : rule) {
            if (type(element) == RULE_REF && recurse) {
                refs[count++] = value(element);
                recurse = mayBeEmpty[value(element)];
            } else {
                recurse = endsAlternative(element);
            }
        }
        return Arrays.copyOf(refs, count);
    }

    /**
     * Marks the rules from which no cycle of left references is reachable, by removing rules whose left
     * references all lead to removed rules; order receives them in removal order.
     */
    private boolean[] peelSafe(List<Integer> order) {
        int n = grammar.size();
        int[] pending = new int[n];
        List<List<Integer>> referencedBy = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            referencedBy.add(new ArrayList<>());
        }
        for (int id = 0; id < n; id++) {
            pending[id] = leftRefs[id].length;
            for (int ref : leftRefs[id]) {
                referencedBy.get(ref).add(id);
            }
        }
        boolean[] safe = new boolean[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int id = 0; id < n; id++) {
            if (pending[id] == 0) {
                ready.add(id);
            }
        }
        while (!ready.isEmpty()) {
            int id = ready.poll();
            safe[id] = true;
            order.add(id);
            for (int user : referencedBy.get(id)) {
                if (--pending[user] == 0) {
                    ready.add(user);
                }
            }
        }
        return safe;
    }
}
