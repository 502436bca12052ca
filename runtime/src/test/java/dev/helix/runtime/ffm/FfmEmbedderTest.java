package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.testing.TestModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pooling is what it says: each pooled vector is checked against the per-token vectors (pooling NONE) of the same
 * input computed here, and a batch of inputs gives what each input gives alone.
 */
@Timeout(120)
class FfmEmbedderTest {
    private static final float TOLERANCE = 1e-4f;
    private static final List<String> TEXTS = List.of("hello world", "a", "the quick brown fox jumps over it",
            "b c", "hello world", "once upon a time there was a tiny model");
    private static FfmModel model;
    private static FfmEmbedder none;

    @BeforeAll
    static void load() {
        model = FfmModel.load(BundledLibrary.get(), FfmModelTest.settings(TestModels.tiny(), 2));
        none = model.embedder(Pooling.NONE, 512, 8);
    }

    @AfterAll
    static void close() {
        none.close();
        model.close();
    }

    private static int[] tokens(String text) {
        return model.tokenize(text, true, true);
    }

    @Test
    void meanIsTheMeanOfTheTokensVectors() {
        try (FfmEmbedder mean = model.embedder(Pooling.MEAN, 512, 8)) {
            for (String text : TEXTS) {
                float[][] rows = none.tokenVectors(tokens(text));
                float[] expected = new float[rows[0].length];
                for (float[] row : rows) {
                    for (int d = 0; d < row.length; d++) {
                        expected[d] += row[d] / rows.length;
                    }
                }
                assertClose(FfmEmbedder.normalized(expected), mean.embed(List.of(tokens(text))).get(0), text);
            }
        }
    }

    @Test
    void clsIsTheFirstTokensVectorAndLastTheLastTokens() {
        try (FfmEmbedder cls = model.embedder(Pooling.CLS, 512, 8);
             FfmEmbedder last = model.embedder(Pooling.LAST, 512, 8)) {
            for (String text : TEXTS) {
                float[][] rows = none.tokenVectors(tokens(text));
                assertClose(FfmEmbedder.normalized(rows[0]), cls.embed(List.of(tokens(text))).get(0), text);
                assertClose(FfmEmbedder.normalized(rows[rows.length - 1]), last.embed(List.of(tokens(text))).get(0),
                        text);
            }
            String two = "hello world";
            assertFalse(Arrays.equals(cls.embed(List.of(tokens(two))).get(0), last.embed(List.of(tokens(two)))
                    .get(0)), "CLS and LAST differ on a text of several tokens");
        }
    }

    @Test
    void aBatchGivesWhatEachInputGivesAloneInEveryPooling() {
        for (Pooling pooling : List.of(Pooling.MEAN, Pooling.CLS, Pooling.LAST)) {
            // 4 sequences and 32 tokens per batch: the six inputs take several batches, split by both limits
            try (FfmEmbedder e = model.embedder(pooling, 32, 4)) {
                List<int[]> inputs = TEXTS.stream().map(FfmEmbedderTest::tokens).toList();
                List<float[]> together = e.embed(inputs);
                assertEquals(inputs.size(), together.size());
                for (int i = 0; i < inputs.size(); i++) {
                    float[] alone = e.embed(List.of(inputs.get(i))).get(0);
                    assertClose(alone, together.get(i), pooling + " " + TEXTS.get(i));
                    double norm = 0;
                    for (float x : alone) {
                        norm += x * x;
                    }
                    assertEquals(1.0, Math.sqrt(norm), 1e-4, "normalised");
                }
                assertArrayEquals(together.get(0), together.get(4), "same input, same vector");
            }
        }
    }

    @Test
    void callersAtOnceEachGetTheirOwnVectors() throws Exception {
        try (FfmEmbedder e = model.embedder(Pooling.MEAN, 64, 4);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<float[]> expected = TEXTS.stream().map(t -> e.embed(List.of(tokens(t))).get(0)).toList();
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<List<float[]>>> calls = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                List<String> mine = c % 2 == 0 ? TEXTS : TEXTS.reversed();
                calls.add(pool.submit(() -> {
                    start.await();
                    return e.embed(mine.stream().map(FfmEmbedderTest::tokens).toList());
                }));
            }
            start.countDown();
            for (int c = 0; c < calls.size(); c++) {
                List<float[]> got = calls.get(c).get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (int i = 0; i < TEXTS.size(); i++) {
                    int at = c % 2 == 0 ? i : TEXTS.size() - 1 - i;
                    assertClose(expected.get(i), got.get(at), "caller " + c + " " + TEXTS.get(i));
                }
            }
        }
    }

    @Test
    void tooLongNoneAndRankAreRefused() {
        try (FfmEmbedder e = model.embedder(Pooling.LAST, 16, 4)) {
            var tooLong = assertThrows(InvalidRequestException.class,
                    () -> e.embed(List.of(tokens("a b c d e f g h i j k l m n o p q r s t u v w x y z"))));
            assertEquals(InvalidRequestException.CONTEXT_LENGTH_EXCEEDED, tooLong.code());
            assertEquals(1, e.embed(List.of(tokens("still works"))).size(), "a refusal leaves it usable");
        }
        assertThrows(InvalidRequestException.class, () -> none.embed(List.of(tokens("hi"))));
        var rank = assertThrows(InvalidRequestException.class, () -> model.embedder(Pooling.RANK, 16, 4));
        assertTrue(rank.getMessage().contains("rank"), rank.getMessage());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        List<String> off = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > TOLERANCE) {
                off.add(i + ": " + expected[i] + " vs " + actual[i]);
            }
        }
        assertTrue(off.isEmpty(), what + ": " + off);
    }
}
