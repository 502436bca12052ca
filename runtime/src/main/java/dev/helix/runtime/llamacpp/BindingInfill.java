package dev.helix.runtime.llamacpp;

import dev.helix.runtime.ffm.InfillPrompt;
import java.util.Arrays;

/**
 * Fill-in-the-middle on the binding engine. de.kherud 4.2.0's own infill task evaluates only its empty prompt (BOS):
 * it marks the task as infill but never builds the infill prompt, so every request with a suffix got text unrelated
 * to it. Here the prompt llama-server's {@code /infill} builds ({@link InfillPrompt}: repo part, FIM_PRE prefix,
 * FIM_SUF suffix, FIM_MID, prefix and suffix trimmed to the batch) goes to the binding as text, each FIM token as
 * its own text, which the binding's tokenizer reads back as that token; prefix and suffix, each after a special
 * token, are tokenized apart as llama-server tokenizes them. Two differences remain: the binding puts its BOS first,
 * so a model that adds BOS and has a repo token gets the repo part after BOS rather than before; and a prefix or
 * suffix too long for the batch is cut as tokens and handed on as those tokens' text (less the leading space a
 * SentencePiece tokenizer would read as one more token), which a tokenizer may still read back otherwise at the cut.
 */
final class BindingInfill {
    private BindingInfill() {
    }

    static String prompt(NativeModel model, FimTokens fim, String prefix, String suffix, int batchSize,
                         int slotContext) {
        var text = new StringBuilder();
        var extra = new StringBuilder();
        if (fim.rep() >= 0) {
            extra.append(piece(model, fim.rep())).append("myproject\n");
        }
        if (fim.sep() >= 0) {
            extra.append(piece(model, fim.sep())).append("filename\n");
        }
        if (!extra.isEmpty()) {
            text.append(tail(model, extra.toString(), InfillPrompt.extraBudget(batchSize, slotContext)));
        }
        text.append(piece(model, fim.pre())).append(tail(model, prefix, InfillPrompt.prefixBudget(batchSize)))
                .append(piece(model, fim.suf())).append(head(model, suffix, InfillPrompt.suffixBudget(batchSize)))
                .append(piece(model, fim.mid()));
        return text.toString();
    }

    private static String piece(NativeModel model, int token) {
        return model.detokenize(new int[] {token});
    }

    /** The text whole when its tokens fit {@code budget}, else the text of its last {@code budget} tokens. */
    private static String tail(NativeModel model, String text, int budget) {
        int[] tokens = model.tokenize(text);
        return tokens.length <= budget ? text
                : budget == 0 ? "" : textOf(model, Arrays.copyOfRange(tokens, tokens.length - budget, tokens.length));
    }

    /** The text whole when its tokens fit {@code budget}, else the text of its first {@code budget} tokens. */
    private static String head(NativeModel model, String text, int budget) {
        int[] tokens = model.tokenize(text);
        return tokens.length <= budget ? text : budget == 0 ? "" : textOf(model, Arrays.copyOf(tokens, budget));
    }

    /**
     * Text the tokenizer reads back as {@code tokens}: their text, less the leading space a tokenizer that adds one
     * (SentencePiece's) would otherwise read as a token more.
     */
    private static String textOf(NativeModel model, int[] tokens) {
        String text = model.detokenize(tokens);
        if (text.startsWith(" ") && !Arrays.equals(model.tokenize(text), tokens)
                && Arrays.equals(model.tokenize(text.substring(1)), tokens)) {
            return text.substring(1);
        }
        return text;
    }
}
