package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.TestModels;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * engine: ffm samples as engine: binding (llama-server b4916) does, byte for byte: penalties over the prompt and the
 * output (llama-server feeds the prompt's tokens to the sampler before the first token), logit_bias, typical_p,
 * min_p, and seeded sampling at a temperature, each in a runner process of its own.
 */
@Timeout(300)
class FfmSamplingMatchesBindingTest {
    /** The jar's library (b4916) for both engines: a host-tuned build's kernels round differently. */
    private static final RunnerSettings BUNDLED = RunnerSettings.defaults().withNativeLibrary("bundled");

    /** The last: where greedy output loops on this model (" evenO" again and again) unless the prompt is penalised. */
    private static final List<String> PROMPTS = List.of("Once upon a time", "hello world hello world hello",
            "The quick brown fox jumps over the lazy dog and the quick brown fox",
            "Once upon a time some I evenO evenO evenO evenO");
    private static RunnerProvider binding;
    private static RunnerProvider ffm;

    @BeforeAll
    static void start() {
        ModelLoadOptions options = ModelLoadOptions.DEFAULTS.withContextSize(256).withParallel(1).withThreads(1);
        binding = RunnerProvider.start("m", TestModels.tiny(), options, BUNDLED);
        ffm = RunnerProvider.start("m", TestModels.tiny(), options.withEngine(Engine.FFM), BUNDLED);
    }

    @AfterAll
    static void stop() {
        ffm.close();
        binding.close();
    }

    private static GenerationOptions options(Double temperature, Integer topK, Double topP, Double minP,
                                             Double repeat, Integer lastN, Double presence, Double frequency,
                                             Long seed) {
        return new GenerationOptions(48, temperature, topK, topP, minP, repeat, lastN, presence, frequency, seed,
                List.of(), null);
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("greedy, repeat_penalty", options(0.0, null, null, null, 1.5, null, null, null, null)),
                Arguments.of("greedy, all three penalties over 16 tokens",
                        options(0.0, null, null, null, 1.2, 16, 1.0, 1.0, null)),
                Arguments.of("greedy, repeat_last_n -1 (the whole context)",
                        options(0.0, null, null, null, 1.3, -1, null, 0.5, null)),
                Arguments.of("greedy, logit_bias", options(0.0, null, null, null, null, null, null, null, null)
                        .withLogitBias(Map.of(10, 8.0, 20, 6.0, 30, -100.0))),
                Arguments.of("seeded, temperature 1", options(1.0, null, null, null, null, null, null, null, 42L)),
                Arguments.of("seeded, min_p 0.2, no top_k/top_p",
                        options(1.5, 0, 1.0, 0.2, null, null, null, null, 7L)),
                Arguments.of("seeded, typical_p 0.8", options(1.2, null, null, null, null, null, null, null, 9L)
                        .withTypicalP(0.8)),
                Arguments.of("seeded, penalties", options(0.9, 20, 0.9, null, 1.3, 32, 0.3, 0.3, 11L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void sameTextAsTheBinding(String name, GenerationOptions options) {
        for (String prompt : PROMPTS) {
            var request = new CompletionRequest("m", prompt, options);
            String expected = binding.complete(request).collect().text();
            assertFalse(expected.isEmpty(), prompt);
            assertEquals(expected, ffm.complete(request).collect().text(), name + ": " + prompt);
        }
    }

    @Test
    void theSameSeedGivesTheSameTextAndOtherSeedsOtherText() {
        var texts = new HashSet<String>();
        for (long seed = 1; seed <= 6; seed++) {
            var request = new CompletionRequest("m", "Once upon a time",
                    options(1.5, 0, 1.0, 0.0, null, null, null, null, seed));
            String first = ffm.complete(request).collect().text();
            assertEquals(first, ffm.complete(request).collect().text(), "seed " + seed + " again");
            texts.add(first);
        }
        assertTrue(texts.size() > 1, "six seeds at temperature 1.5 all wrote the same text: " + texts);
        var greedy = new CompletionRequest("m", "Once upon a time", options(0.0, null, null, null, null, null, null,
                null, null));
        var penalised = new CompletionRequest("m", "Once upon a time", options(0.0, null, null, null, 2.0, null,
                null, null, null));
        assertNotEquals(ffm.complete(greedy).collect().text(), ffm.complete(penalised).collect().text(),
                "a repeat penalty changes greedy output on this model (else the comparisons above prove little)");
    }
}
