package dev.helix.runtime.ffm;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.TokenLogprob;
import dev.helix.runtime.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Token log-probabilities: the arithmetic on its own, then through the decode loop on a generated model. */
@Timeout(120)
class LogprobsTest {
    private static FfmModel model;

    @BeforeAll
    static void load() {
        model = FfmModel.load(BundledLibrary.get(), FfmModelTest.settings(TestModels.tiny(), 2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void logSoftmaxAndTheBestAlternativesMatchAPlainComputation() {
        float[] logits = {1.5f, -2f, 3.25f, 0f, 3.25f, -7f, 2f};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment row = arena.allocateFrom(JAVA_FLOAT, logits);
            TokenLogprob lp = Logprobs.of(row, logits.length, 6, 3, id -> new byte[] {(byte) ('a' + id)});
            double z = 0;
            for (float l : logits) {
                z += Math.exp(l);
            }
            assertEquals(2 - Math.log(z), lp.logprob(), 1e-9);
            assertEquals("g", lp.token());
            assertEquals(List.of("c", "e", "g"), lp.top().stream().map(TokenLogprob::token).toList(),
                    "highest first; a tie goes to the lower id");
            assertEquals(3.25 - Math.log(z), lp.top().get(0).logprob(), 1e-9);
            assertArrayEquals(new int[0], Logprobs.best(row, logits.length, 0));
            assertArrayEquals(new int[] {2, 4, 6, 0, 3, 1, 5}, Logprobs.best(row, logits.length, 20));
        }
    }

    @Test
    void aStopStringsTokensReportNothing() {
        var whole = new StringBuilder();
        collect(GenerationOptions.DEFAULTS.withTemperature(0.0).withLogprobs(1), whole);
        assertTrue(whole.length() > 12, whole.toString());
        String stop = whole.substring(8, 11);
        var text = new StringBuilder();
        var lps = collect(GenerationOptions.DEFAULTS.withTemperature(0.0).withLogprobs(1).withStop(List.of(stop)),
                text);
        String content = text.toString();
        assertFalse(content.contains(stop));
        var bytes = new ByteArrayOutputStream();
        lps.forEach(lp -> bytes.writeBytes(lp.bytes()));
        byte[] reported = bytes.toByteArray();
        byte[] expected = content.getBytes(StandardCharsets.UTF_8);
        assertTrue(reported.length >= expected.length, "every byte of the content has its token");
        assertArrayEquals(expected, java.util.Arrays.copyOf(reported, expected.length));
        assertTrue(reported.length - expected.length < lps.getLast().bytes().length,
                "at most the token the stop string begins in goes past the content: " + lps.getLast());
    }

    static List<TokenLogprob> collect(GenerationOptions options, StringBuilder text) {
        var out = new ArrayList<TokenLogprob>();
        try (FfmStream stream = model.generate(model.tokenize("Once upon a time", true, true), options, 24, null)) {
            while (true) {
                Chunk chunk = stream.next();
                if (chunk instanceof Chunk.Token t) {
                    text.append(t.text());
                    out.addAll(t.logprobs());
                } else if (chunk instanceof Chunk.Done) {
                    return out;
                }
            }
        }
    }

    @Test
    void everyGreedyTokenCarriesItsLogprobAndIsItsOwnBestAlternative() {
        var text = new StringBuilder();
        List<TokenLogprob> lps = collect(GenerationOptions.DEFAULTS.withTemperature(0.0).withLogprobs(5), text);
        assertFalse(lps.isEmpty());
        var bytes = new ByteArrayOutputStream();
        for (TokenLogprob lp : lps) {
            bytes.writeBytes(lp.bytes());
            assertTrue(lp.logprob() <= 0, lp.toString());
            assertEquals(5, lp.top().size());
            assertArrayEquals(lp.bytes(), lp.top().get(0).bytes(), "greedy takes the most likely token");
            assertEquals(lp.logprob(), lp.top().get(0).logprob(), 0.0);
            double mass = 0;
            for (int i = 0; i < lp.top().size(); i++) {
                mass += Math.exp(lp.top().get(i).logprob());
                if (i > 0) {
                    assertTrue(lp.top().get(i).logprob() <= lp.top().get(i - 1).logprob(), "sorted descending");
                }
            }
            assertTrue(mass <= 1 + 1e-6, "the alternatives' probabilities sum to at most 1: " + mass);
        }
        assertEquals(text.toString(), bytes.toString(StandardCharsets.UTF_8), "the tokens make up the text");
    }

    @Test
    void logprobsAreThoseOfTheModelBeforeTheSamplerChain() {
        // the first position's distribution is the model's: the same whatever temperature or penalties sample from it
        var greedy = collect(GenerationOptions.DEFAULTS.withTemperature(0.0).withLogprobs(3), new StringBuilder());
        var hot = collect(new GenerationOptions(null, 1.5, 0, 1.0, 0.0, 1.3, 64, 0.5, 0.5, 7L, List.of(), null)
                .withLogprobs(3), new StringBuilder());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(greedy.get(0).top().get(i).bytes(), hot.get(0).top().get(i).bytes());
            assertEquals(greedy.get(0).top().get(i).logprob(), hot.get(0).top().get(i).logprob(), 1e-6);
        }
    }

    @Test
    void withoutTheOptionNoLogprobsAreComputed() {
        var lps = collect(GenerationOptions.DEFAULTS.withTemperature(0.0), new StringBuilder());
        assertTrue(lps.isEmpty());
        var zero = collect(GenerationOptions.DEFAULTS.withTemperature(0.0).withLogprobs(0), new StringBuilder());
        assertFalse(zero.isEmpty());
        assertTrue(zero.stream().allMatch(lp -> lp.top().isEmpty()), "top_logprobs 0: the token's own only");
    }
}
