/*
 * Part of the port of llama.cpp's grammar parser (src/llama-grammar.cpp), https://github.com/ggml-org/llama.cpp.
 * MIT License, Copyright (c) 2023-2024 The ggml authors; the full license text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import java.util.List;

/**
 * A parsed GBNF grammar in llama.cpp's own form: one rule per symbol id, each a flat array of elements
 * ({@code llama_grammar_element}: a type and a 32-bit value) where ALT separates alternatives and END closes the
 * rule. Elements are packed into longs, type in the high half. {@code names.get(id)} is the symbol's name,
 * generated ones included ({@code root_3}).
 */
record GbnfGrammar(List<long[]> rules, List<String> names, int root) {
    // llama_gretype
    static final int END = 0;
    static final int ALT = 1;
    static final int RULE_REF = 2;
    static final int CHAR = 3;
    static final int CHAR_NOT = 4;
    static final int CHAR_RNG_UPPER = 5;
    static final int CHAR_ALT = 6;
    static final int CHAR_ANY = 7;

    static long element(int type, int value) {
        return ((long) type << 32) | (value & 0xFFFFFFFFL);
    }

    static int type(long element) {
        return (int) (element >>> 32);
    }

    static int value(long element) {
        return (int) element;
    }

    /** {@code llama_grammar_is_end_of_sequence}: END or ALT. */
    static boolean endsAlternative(long element) {
        return type(element) == END || type(element) == ALT;
    }

    /** The rule for a symbol id. */
    long[] rule(int id) {
        return rules.get(id);
    }

    int size() {
        return rules.size();
    }

    /** The rules a derivation from root can use. */
    boolean[] reachableFromRoot() {
        boolean[] reached = new boolean[size()];
        java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>();
        reached[root] = true;
        pending.add(root);
        while (!pending.isEmpty()) {
            for (long element : rule(pending.poll())) {
                if (type(element) == RULE_REF && !reached[value(element)]) {
                    reached[value(element)] = true;
                    pending.add(value(element));
                }
            }
        }
        return reached;
    }
}
