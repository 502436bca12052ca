package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyntheticVocabularyTest {

    @ParameterizedTest
    @ValueSource(ints = {262, 300, 1024, 8192, 32_000, 151_936})
    void hasExactlyTheRequestedUniqueTokens(int size) {
        SyntheticVocabulary v = SyntheticVocabulary.of(size);

        assertEquals(size, v.tokens().size());
        assertEquals(size, new HashSet<>(v.tokens()).size(), "tokens are unique");
        assertEquals(size, v.scores().length);
        assertEquals(size, v.types().length);
        assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), v.tokens().subList(0, 4));
        assertEquals("<0xFF>", v.tokens().get(258));
        assertEquals(List.of("<|im_start|>", "<|im_end|>", "\u2581"), v.tokens().subList(259, 262));
        assertEquals(List.of(2, 3, 3, 6), List.of(v.types()[0], v.types()[1], v.types()[2], v.types()[3]));
        assertEquals(6, v.types()[258]);
        assertEquals(3, v.types()[259]);
        assertEquals(3, v.types()[260]);
        for (int i = 261; i < size; i++) {
            assertEquals(1, v.types()[i]);
            assertTrue(!v.tokens().get(i).isEmpty());
            assertTrue(i == 261 || v.scores()[i] < v.scores()[i - 1], "scores fall with position");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 32_000})
    void commonWordsAreSinglePiecesWithTheirPrefixes(int size) {
        List<String> tokens = SyntheticVocabulary.of(size).tokens();
        for (String word : List.of("\u2581the", "\u2581hello", "\u2581world", "\u2581Hello", "\u2581assistant")) {
            assertTrue(tokens.contains(word), word);
            for (int end = 2; end < word.length(); end++) {
                assertTrue(tokens.contains(word.substring(0, end)), word.substring(0, end));
            }
        }
        assertTrue(tokens.containsAll(List.of("a", "Z", "7", "{", "\"", ",")));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 261})
    void tooSmallIsRejected(int size) {
        assertThrows(IllegalArgumentException.class, () -> SyntheticVocabulary.of(size));
    }
}
