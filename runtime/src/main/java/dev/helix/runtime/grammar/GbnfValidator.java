/*
 * Mirrors the grammar checks of llama.cpp's src/llama-grammar.cpp (llama_grammar_parser::parse and
 * llama_grammar_init_impl) as of early 2025, matching build b4916, https://github.com/ggml-org/llama.cpp.
 * MIT License, Copyright (c) 2023-2024 The ggml authors; the full license text is in JsonSchemaGrammar.java.
 */
package dev.helix.runtime.grammar;

import dev.helix.provider.InvalidRequestException;
import java.util.Objects;

/**
 * Checks GBNF text the way llama.cpp b4916 does before sampling with it. That build does not fail a request whose
 * grammar it cannot load: it logs the error and samples unconstrained. So every grammar Helix hands to llama.cpp
 * is checked here first, and a grammar llama.cpp would drop becomes an {@link InvalidRequestException}.
 *
 * <p>Accepted and rejected are exactly as llama.cpp's parser and {@code llama_grammar_init_impl} decide (syntax,
 * undefined rules, a missing {@code root}, left recursion), with llama.cpp's messages plus a line and column.
 * Three more checks refuse grammars that llama.cpp b4916 accepts but then cannot run: left recursion through
 * rules that only indirectly match the empty string (it crashes), more than {@value GbnfExpansion#MAX_PATHS}
 * parse stacks from one position (it hangs or crashes), and repetitions that expand past
 * {@value GbnfParser#MAX_ELEMENTS} elements (it exhausts memory).
 */
public final class GbnfValidator {
    private GbnfValidator() {}

    /**
     * Returns normally if llama.cpp b4916 loads and can run the grammar (start rule {@code root}).
     *
     * @throws InvalidRequestException "invalid grammar: " and llama.cpp's reason, with where it applies
     */
    public static void check(String gbnf) {
        Objects.requireNonNull(gbnf, "gbnf");
        GbnfSource source = new GbnfSource(gbnf);
        GbnfParser.Parsed parsed;
        try {
            parsed = GbnfParser.parse(source);
        } catch (StackOverflowError e) {
            throw invalid("the grammar is nested too deeply to check");
        }
        GbnfGrammar grammar = parsed.grammar();
        if (grammar.size() == 0) {
            throw invalid("failed to parse grammar: it has no rules");
        }
        if (grammar.root() < 0) {
            throw invalid("grammar does not contain a 'root' symbol");
        }
        int recursive = GbnfLeftRecursion.llamaCpp(grammar).firstRecursive();
        if (recursive >= 0) {
            throw invalid("unsupported grammar, left recursion detected for nonterminal at index " + recursive
                    + " (rule '" + grammar.names().get(recursive) + "')");
        }
        GbnfLeftRecursion semantic = GbnfLeftRecursion.semantic(grammar);
        recursive = semantic.firstRecursive();
        if (recursive >= 0) {
            throw invalid("left recursion detected for nonterminal '" + grammar.names().get(recursive)
                    + "' through rules that can match the empty string (llama.cpp does not detect this and"
                    + " crashes)");
        }
        long paths = GbnfExpansion.maxPaths(grammar, semantic);
        if (paths > GbnfExpansion.MAX_PATHS) {
            throw invalid("grammar too ambiguous for llama.cpp: it would build " + (paths >= 1L << 50 ? "over 10^15"
                    : paths) + " parse stacks at one position (at most " + GbnfExpansion.MAX_PATHS + "); long lists of"
                    + " alternatives and nested optional repetitions such as (x*){0,9} make them");
        }
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("invalid grammar: " + message, null);
    }
}
