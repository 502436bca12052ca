package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.ffm.BundledLibrary;
import dev.helix.runtime.ffm.FfmModel;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fill-in-the-middle on both engines against llama.cpp's own tokenization and decoding through the binding, both on
 * the jar's library (b4916). The model is the tiny random one whose header names its ChatML control tokens as the
 * FIM prefix and suffix tokens and {@code </s>} as the middle one, so random weights make every prompt token count.
 *
 * <p>The binding's own infill cannot be the reference for a request with a suffix: de.kherud 4.2.0's
 * {@code requestCompletion} marks such a task as infill but evaluates only its empty prompt (BOS), without the
 * prefix or the suffix (it has no {@code format_infill}). So the reference is llama-server's infill prompt written
 * out as text, {@code <|im_start|>prefix<|im_end|>suffix</s>}, which the binding reads with special tokens and BOS
 * into the same tokens as llama-server's {@code format_infill} builds (prefix and suffix are tokenized apart, each
 * after a special token, so each gets the tokenizer's leading space as it would alone). The binding engine now sends that
 * text itself ({@link BindingInfill}).
 */
@Timeout(180)
class FfmFillInTheMiddleTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static final int PRE = 259;
    private static final int SUF = 260;
    private static final int MID = 2;
    private static final int BOS = 1;
    private static final List<String[]> GAPS = List.of(new String[] {"def f(", ")"},
            new String[] {"Once upon a time", " there was a fox."}, new String[] {"日本 {\"x\": ", "}"},
            new String[] {"hello", "\n"}, new String[] {"", "the end"});

    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void write() throws IOException {
        model = Files.createDirectories(dir.resolve("fim")).resolve("tiny-fim.gguf");
        RandomLlamaModel.tiny().write(model, w -> w.putUint32("tokenizer.ggml.fim_pre_token_id", PRE)
                .putUint32("tokenizer.ggml.fim_suf_token_id", SUF)
                .putUint32("tokenizer.ggml.fim_mid_token_id", MID));
    }

    /** The infill prompt as text the binding tokenizes into llama-server's infill tokens. */
    private static String asText(String prefix, String suffix) {
        return "<|im_start|>" + prefix + "<|im_end|>" + suffix + "</s>";
    }

    private static ModelLoadOptions options(int batch, Engine engine) {
        return new ModelLoadOptions(256, 1, batch, 0, true, 1, false, engine);
    }

    @Test
    void theFfmEnginesInfillTokensAndGreedyTextAreLlamaServersAsTheBindingEvaluatesThem() {
        try (var binding = RunnerProvider.start("m", model, options(512, Engine.BINDING), RunnerSettings.defaults());
             var ffm = RunnerProvider.start("m", model, options(512, Engine.FFM),
                     RunnerSettings.defaults().withNativeLibrary("bundled"));
             var inProcess = FfmModel.load(BundledLibrary.get(), new FfmModel.Settings(model, 256, 1, 1, 1, 512, 512,
                     0, true))) {
            for (String[] gap : GAPS) {
                String where = Arrays.toString(gap);
                int[] expected = binding.tokenize("m", asText(gap[0], gap[1]), true);
                assertEquals(List.of(BOS, PRE), List.of(expected[0], expected[1]), where);
                assertEquals(MID, expected[expected.length - 1], where);
                assertArrayEquals(expected, inProcess.infillPrompt(gap[0], gap[1]), where);

                Completion reference = binding.complete(new CompletionRequest("m", asText(gap[0], gap[1]),
                        GREEDY.withMaxTokens(24))).collect();
                Completion actual = ffm.complete(new CompletionRequest("m", gap[0], gap[1], GREEDY.withMaxTokens(24)))
                        .collect();
                assertFalse(reference.text().isEmpty(), where);
                assertEquals(reference.text(), actual.text(), where);
                assertEquals(expected.length, actual.usage().promptTokens(), where);
            }
            // the prompt matters: another prefix, another continuation (random weights, so not a constant script)
            assertFalse(ffm.complete(new CompletionRequest("m", "def f(", ")", GREEDY.withMaxTokens(24))).collect()
                    .text().equals(ffm.complete(new CompletionRequest("m", "hello", "\n", GREEDY.withMaxTokens(24)))
                            .collect().text()));
        }
    }

    /**
     * The binding engine's fill-in-the-middle ({@link BindingInfill}): before, its infill task evaluated only BOS, so
     * every gap got the same text; now its prompt is llama-server's, and its greedy text the ffm engine's.
     */
    @Test
    void theBindingEngineFillsTheMiddleAsTheFfmEngineDoes() {
        try (var binding = RunnerProvider.start("m", model, options(512, Engine.BINDING), RunnerSettings.defaults());
             var ffm = RunnerProvider.start("m", model, options(512, Engine.FFM),
                     RunnerSettings.defaults().withNativeLibrary("bundled"))) {
            var texts = new java.util.HashSet<String>();
            for (String[] gap : GAPS) {
                String where = Arrays.toString(gap);
                int[] expected = binding.tokenize("m", asText(gap[0], gap[1]), true);
                Completion filled = binding.complete(new CompletionRequest("m", gap[0], gap[1],
                        GREEDY.withMaxTokens(24))).collect();
                Completion ffmFilled = ffm.complete(new CompletionRequest("m", gap[0], gap[1],
                        GREEDY.withMaxTokens(24))).collect();
                assertEquals(ffmFilled.text(), filled.text(), where);
                assertEquals(expected.length, filled.usage().promptTokens(), where);
                texts.add(filled.text());
            }
            assertTrue(texts.size() > 1, "every gap got the same text: " + texts);
        }
    }

    @Test
    void overLongPrefixAndSuffixAreTrimmedToTheBatchAsLlamaServerTrimsThem() {
        String prefix = String.join(" ", java.util.Collections.nCopies(40, "the quick brown fox"));
        String suffix = String.join(" ", java.util.Collections.nCopies(20, "jumps over the lazy dog"));
        try (var inProcess = FfmModel.load(BundledLibrary.get(), new FfmModel.Settings(model, 256, 1, 1, 1, 32, 32,
                0, true));
             var ffm = RunnerProvider.start("m", model, options(32, Engine.FFM),
                     RunnerSettings.defaults().withNativeLibrary("bundled"))) {
            int[] prefixTokens = inProcess.tokenize(prefix, false, false);
            int[] suffixTokens = inProcess.tokenize(suffix, false, false);
            assertTrue(prefixTokens.length > 24 && suffixTokens.length > 6, "both over the batch's budget");
            // batch 32: the prefix's last 3 * (32 / 4) = 24 tokens, the suffix's first 32 / 4 - 2 = 6
            int[] expected = IntStream.concat(IntStream.concat(IntStream.of(BOS, PRE),
                            Arrays.stream(prefixTokens, prefixTokens.length - 24, prefixTokens.length)),
                    IntStream.concat(IntStream.of(SUF), IntStream.concat(Arrays.stream(suffixTokens, 0, 6),
                            IntStream.of(MID)))).toArray();
            assertArrayEquals(expected, inProcess.infillPrompt(prefix, suffix));
            Completion trimmed = ffm.complete(new CompletionRequest("m", prefix, suffix, GREEDY.withMaxTokens(8)))
                    .collect();
            assertEquals(expected.length, trimmed.usage().promptTokens());
            assertEquals(8, trimmed.usage().completionTokens());
        }
        try (var binding = RunnerProvider.start("m", model, options(32, Engine.BINDING), RunnerSettings.defaults())) {
            Completion trimmed = binding.complete(new CompletionRequest("m", prefix, suffix, GREEDY.withMaxTokens(8)))
                    .collect();
            assertEquals(34, trimmed.usage().promptTokens(), "BOS, PRE, 24, SUF, 6, MID on the binding too");
        }
    }

    @Test
    void aModelWithoutFimTokensIsTheSame400OnBothEngines() {
        for (Engine engine : Engine.values()) {
            try (var provider = RunnerProvider.start("m", TestModels.tiny(), options(512, engine),
                    RunnerSettings.defaults().withNativeLibrary("bundled"))) {
                var e = assertThrows(InvalidRequestException.class, () -> provider.complete(
                        new CompletionRequest("m", "a", "b", GREEDY.withMaxTokens(4))).collect(), engine.toString());
                assertEquals("suffix", e.param(), engine.toString());
                assertTrue(e.getMessage().contains("does not support suffix"), e.getMessage());
            }
        }
        // the engine's own check, for a file whose header names no FIM tokens that llama.cpp would still find
        try (var inProcess = FfmModel.load(BundledLibrary.get(), new FfmModel.Settings(TestModels.tiny(), 256, 1, 1,
                1, 512, 512, 0, true))) {
            var e = assertThrows(InvalidRequestException.class, () -> inProcess.infillPrompt("a", "b"));
            assertEquals("suffix", e.param());
            assertTrue(e.getMessage().contains("prefix token is missing"), e.getMessage());
        }
    }
}
