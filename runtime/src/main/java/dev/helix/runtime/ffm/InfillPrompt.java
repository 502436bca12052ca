package dev.helix.runtime.ffm;

import dev.helix.provider.InvalidRequestException;
import java.util.Arrays;

/**
 * The prompt of a fill-in-the-middle request, built as llama-server's {@code /infill} builds it ({@code format_infill}
 * in b4980's {@code examples/server/utils.hpp}, with the checks of its {@code handle_infill}):
 *
 * <pre>[FIM_REP]myproject\n[FIM_SEP]filename\n [BOS] [FIM_PRE]prefix [FIM_SUF]suffix [FIM_MID]</pre>
 *
 * The repo-level part comes only where the vocabulary has those tokens, and only as much of its end as
 * {@code context - batch - 2 * n_predict} allows (llama-server's default {@code n_predict} of -1: Helix's requests
 * set their own limit, not the server's); BOS only where the model adds one. Prefix and suffix are tokenized apart,
 * without special tokens, and trimmed to a batch (prefix:suffix 3:1): the prefix keeps its last
 * {@code 3 * (batch / 4)} tokens, the suffix its first {@code batch / 4 - 2}. Helix's request has no separate prompt
 * after the prefix nor extra context chunks, so those parts of llama-server's format are empty here.
 */
public final class InfillPrompt {
    /** llama.cpp's {@code LLAMA_TOKEN_NULL}: the vocabulary has no such token. */
    static final int NONE = -1;
    /** llama-server's default {@code n_predict} ({@code common_params}), which its budget for the repo part uses. */
    private static final int SERVER_N_PREDICT = -1;

    /** What the prompt needs of a model's vocabulary; token ids are {@link #NONE} where it has none. */
    interface Vocabulary {
        /** Text to tokens, without BOS/EOS and reading no special tokens' text. */
        int[] tokenize(String text);

        int fimPre();

        int fimSuf();

        int fimMid();

        int fimRep();

        int fimSep();

        int bos();

        boolean addsBos();
    }

    private InfillPrompt() {
    }

    /**
     * @param prefix      the text before the gap
     * @param suffix      the text after it
     * @param batchSize   the model's logical batch ({@code n_batch}): prefix and suffix are trimmed to fit it
     * @param slotContext one sequence's context ({@code n_ctx} of a slot)
     * @throws InvalidRequestException (param {@code suffix}) when the vocabulary lacks a prefix, suffix or middle token
     */
    static int[] build(Vocabulary vocabulary, String prefix, String suffix, int batchSize, int slotContext) {
        String missing = (vocabulary.fimPre() == NONE ? "prefix token is missing. " : "")
                + (vocabulary.fimSuf() == NONE ? "suffix token is missing. " : "")
                + (vocabulary.fimMid() == NONE ? "middle token is missing. " : "");
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("suffix: fill-in-the-middle is not supported by this model: "
                    + missing.strip(), "suffix");
        }
        var extra = new Tokens();
        if (vocabulary.fimRep() != NONE) {
            extra.add(vocabulary.fimRep()).add(vocabulary.tokenize("myproject\n"));
        }
        if (vocabulary.fimSep() != NONE) {
            extra.add(vocabulary.fimSep()).add(vocabulary.tokenize("filename\n"));
        }
        int[] prefixTokens = vocabulary.tokenize(prefix);
        int[] suffixTokens = vocabulary.tokenize(suffix);
        int prefixTake = Math.min(prefixTokens.length, prefixBudget(batchSize));
        int suffixTake = Math.min(suffixTokens.length, suffixBudget(batchSize));
        int extraTake = Math.min(extraBudget(batchSize, slotContext), extra.size);

        var prompt = new Tokens();
        prompt.add(Arrays.copyOfRange(extra.ids, extra.size - extraTake, extra.size));
        if (vocabulary.addsBos() && vocabulary.bos() != NONE) {
            prompt.add(vocabulary.bos());
        }
        prompt.add(vocabulary.fimPre())
                .add(Arrays.copyOfRange(prefixTokens, prefixTokens.length - prefixTake, prefixTokens.length))
                .add(vocabulary.fimSuf())
                .add(Arrays.copyOf(suffixTokens, suffixTake))
                .add(vocabulary.fimMid());
        return Arrays.copyOf(prompt.ids, prompt.size);
    }

    /** The prefix's tokens kept (its last ones): three quarters of the batch. */
    public static int prefixBudget(int batchSize) {
        return 3 * (batchSize / 4);
    }

    /** The suffix's tokens kept (its first ones): a quarter of the batch, less the suffix and middle tokens. */
    public static int suffixBudget(int batchSize) {
        return Math.max(0, batchSize / 4 - 2);
    }

    /** The repo part's tokens kept (its last ones): what the context leaves past a batch and the prediction. */
    public static int extraBudget(int batchSize, int slotContext) {
        return Math.max(0, slotContext - batchSize - 2 * SERVER_N_PREDICT);
    }

    /** A growing array of token ids. */
    private static final class Tokens {
        private int[] ids = new int[16];
        private int size;

        Tokens add(int id) {
            return add(new int[] {id});
        }

        Tokens add(int[] more) {
            if (size + more.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, size + more.length));
            }
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
            return this;
        }
    }
}
