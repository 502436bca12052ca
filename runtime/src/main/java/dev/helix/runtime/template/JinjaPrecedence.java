package dev.helix.runtime.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja's precedence of {@code not} over a comparison, for Jinjava: Jinja reads {@code not x|length == 1} as
 * {@code not (x|length == 1)} (as minja does; Llama 3.x's template refuses parallel calls so), while Jinjava's
 * precedence (which the rest of the corpus needs: its "natural" one breaks {@code not x is defined}) reads
 * {@code (not x|length) == 1} and fails. Inside each {@code {% %}} and {@code {{ }}} tag, {@code not a OP b} with a
 * simple operand on each side of a comparison gets the parentheses Jinja implies.
 */
final class JinjaPrecedence {
    private static final Pattern TAG = Pattern.compile("\\{%.*?%}|\\{\\{.*?}}", Pattern.DOTALL);
    private static final String OPERAND = "[\\w.\\[\\]'\"|()]+?";
    private static final Pattern NOT_COMPARISON = Pattern.compile("\\bnot\\s+(" + OPERAND + ")\\s*(==|!=|<=|>=|<|>)\\s*("
            + OPERAND + ")(?=\\s|%|}|$)");

    private JinjaPrecedence() {
    }

    static String apply(String source) {
        Matcher tags = TAG.matcher(source);
        StringBuilder out = new StringBuilder();
        while (tags.find()) {
            String tag = tags.group();
            String fixed = NOT_COMPARISON.matcher(tag).replaceAll("not ($1 $2 $3)");
            tags.appendReplacement(out, Matcher.quoteReplacement(fixed));
        }
        tags.appendTail(out);
        return out.toString();
    }
}
