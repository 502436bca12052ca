package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.provider.InvalidRequestException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * llama-server's {@code format_infill} rules on a vocabulary whose tokens are characters (id = 1000 + char), so each
 * expected sequence can be written out: the order of the parts, BOS, the 3:1 batch budget of prefix and suffix, the
 * repo part and its budget, and the refusal of a model without FIM tokens.
 */
class InfillPromptTest {
    private static final int BOS = 1;
    private static final int PRE = 10;
    private static final int SUF = 11;
    private static final int MID = 12;
    private static final int REP = 13;
    private static final int SEP = 14;

    record Chars(int pre, int suf, int mid, int rep, int sep, boolean addsBos) implements InfillPrompt.Vocabulary {
        static Chars fim() {
            return new Chars(PRE, SUF, MID, InfillPrompt.NONE, InfillPrompt.NONE, true);
        }

        @Override
        public int[] tokenize(String text) {
            return ids(text);
        }

        @Override
        public int fimPre() {
            return pre;
        }

        @Override
        public int fimSuf() {
            return suf;
        }

        @Override
        public int fimMid() {
            return mid;
        }

        @Override
        public int fimRep() {
            return rep;
        }

        @Override
        public int fimSep() {
            return sep;
        }

        @Override
        public int bos() {
            return BOS;
        }
    }

    static int[] ids(String text) {
        return text.chars().map(c -> 1000 + c).toArray();
    }

    static int[] concat(Object... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(p -> p instanceof Integer i ? IntStream.of(i)
                : p instanceof String s ? IntStream.of(ids(s)) : IntStream.of((int[]) p)).toArray();
    }

    @Test
    void bosPrefixSuffixMiddleInThatOrder() {
        assertArrayEquals(concat(BOS, PRE, "def f(", SUF, ")", MID),
                InfillPrompt.build(Chars.fim(), "def f(", ")", 2048, 4096));
        assertArrayEquals(concat(BOS, PRE, SUF, MID), InfillPrompt.build(Chars.fim(), "", "", 2048, 4096));
    }

    @Test
    void noBosWhereTheModelAddsNone() {
        var noBos = new Chars(PRE, SUF, MID, InfillPrompt.NONE, InfillPrompt.NONE, false);
        assertArrayEquals(concat(PRE, "a", SUF, "b", MID), InfillPrompt.build(noBos, "a", "b", 2048, 4096));
    }

    @Test
    void theBatchIsSplitThreeToOneThePrefixKeepingItsEndTheSuffixItsStart() {
        // batch 32: the prefix keeps its last 3 * (32 / 4) = 24 tokens, the suffix its first 32 / 4 - 2 = 6
        String prefix = "0123456789abcdefghijklmnopqrstuvwxyz";
        String suffix = "ABCDEFGHIJ";
        assertArrayEquals(concat(BOS, PRE, prefix.substring(prefix.length() - 24), SUF, "ABCDEF", MID),
                InfillPrompt.build(Chars.fim(), prefix, suffix, 32, 4096));
        // within the budget nothing is cut
        assertArrayEquals(concat(BOS, PRE, "xyz", SUF, "ABC", MID), InfillPrompt.build(Chars.fim(), "xyz", "ABC", 32,
                4096));
        // batch 7: 3 * (7 / 4) = 3 prefix tokens, 7 / 4 - 2 < 0 leaves none of the suffix
        assertArrayEquals(concat(BOS, PRE, "xyz", SUF, MID), InfillPrompt.build(Chars.fim(), "wxyz", "ABC", 7, 4096));
    }

    @Test
    void theRepoPartComesFirstWhereTheVocabularyHasItsTokensAsMuchOfItsEndAsTheContextAllows() {
        var repo = new Chars(PRE, SUF, MID, REP, SEP, true);
        int[] extra = concat(REP, "myproject\n", SEP, "filename\n");
        assertArrayEquals(concat(extra, BOS, PRE, "a", SUF, "b", MID), InfillPrompt.build(repo, "a", "b", 64, 512));
        // context - batch - 2 * n_predict (-1) = 100 - 90 + 2 = 12 tokens of the repo part, its end
        int[] tail = java.util.Arrays.copyOfRange(extra, extra.length - 12, extra.length);
        assertArrayEquals(concat(tail, BOS, PRE, "a", SUF, "b", MID), InfillPrompt.build(repo, "a", "b", 90, 100));
        // none when the batch takes the whole context
        assertArrayEquals(concat(BOS, PRE, "a", SUF, "b", MID), InfillPrompt.build(repo, "a", "b", 512, 256));
        var sepOnly = new Chars(PRE, SUF, MID, InfillPrompt.NONE, SEP, true);
        assertArrayEquals(concat(SEP, "filename\n", BOS, PRE, "a", SUF, "b", MID),
                InfillPrompt.build(sepOnly, "a", "b", 64, 512));
    }

    @Test
    void aModelWithoutFimTokensIsA400NamingSuffixAndWhatIsMissing() {
        var none = new Chars(InfillPrompt.NONE, SUF, InfillPrompt.NONE, InfillPrompt.NONE, InfillPrompt.NONE, true);
        var e = assertThrows(InvalidRequestException.class, () -> InfillPrompt.build(none, "a", "b", 64, 512));
        assertEquals("suffix", e.param());
        assertEquals("suffix: fill-in-the-middle is not supported by this model: prefix token is missing. middle "
                + "token is missing.", e.getMessage());
    }
}
