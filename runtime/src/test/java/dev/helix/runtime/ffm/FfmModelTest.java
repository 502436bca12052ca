package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine on its own: tokens, template, greedy generation, continuous batching, cancellation. */
@Timeout(120)
class FfmModelTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static FfmModel model;

    @BeforeAll
    static void load() {
        model = FfmModel.load(BundledLibrary.get(), settings(TestModels.tiny(), 4));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static FfmModel.Settings settings(Path file, int slots) {
        return new FfmModel.Settings(file, 512, slots, 1, 1, 512, 128, 0, true);
    }

    /** The whole text of a generation, and how it ended. */
    record Result(String text, Chunk.Done done) {}

    static Result run(FfmModel model, String prompt, GenerationOptions options, int max) {
        var text = new StringBuilder();
        try (FfmStream stream = model.generate(model.tokenize(prompt, true, true), options, max, null)) {
            while (true) {
                Chunk chunk = stream.next();
                if (chunk instanceof Chunk.Token t) {
                    text.append(t.text());
                } else if (chunk instanceof Chunk.Done d) {
                    return new Result(text.toString(), d);
                }
            }
        }
    }

    @Test
    void tokenizesAndDetokenizesWithTheModelsVocabulary() {
        int[] tokens = model.tokenize("hello world", false, true);
        assertEquals(2, tokens.length, "the synthetic vocabulary has both words as pieces");
        assertEquals(" hello world", model.detokenize(tokens));
        String odd = "日本 \u0001 {\"x\": 1}";
        assertEquals(" " + odd, model.detokenize(model.tokenize(odd, false, true)));
        assertEquals(1, model.tokenize("<|im_start|>", false, true).length, "control tokens parse as one");
    }

    @Test
    void rendersTheModelsChatMlTemplate() {
        String prompt = model.applyTemplate(List.of(new FfmModel.Message("system", "Be brief."),
                new FfmModel.Message("user", "Hello")), true);
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n"
                + "<|im_start|>assistant\n", prompt);
    }

    @Test
    void greedyGenerationIsRepeatableAndCounted() {
        Result first = run(model, "Once upon a time", GREEDY, 24);
        Result second = run(model, "Once upon a time", GREEDY, 24);
        assertFalse(first.text().isEmpty());
        assertEquals(first.text(), second.text(), "the second run reuses the slot's cached prompt");
        assertTrue(first.done().usage().completionTokens() <= 24);
        assertEquals(model.tokenize("Once upon a time", true, true).length, first.done().usage().promptTokens());
    }

    @Test
    void aSlotsCachedPromptIsReusedAndOnlyTheRestEvaluated() {
        try (FfmModel single = FfmModel.load(BundledLibrary.get(), settings(TestModels.tiny(), 1))) {
            String prompt = "Once upon a time there was a fox";
            int[] tokens = single.tokenize(prompt, true, true);
            long before = single.promptTokensEvaluated();
            String first = run(single, prompt, GREEDY, 8).text();
            assertEquals(tokens.length, single.promptTokensEvaluated() - before, "the first time: the whole prompt");
            before = single.promptTokensEvaluated();
            assertEquals(first, run(single, prompt, GREEDY, 8).text());
            assertEquals(1, single.promptTokensEvaluated() - before, "again: only the last token, for its logits");
            int[] longer = single.tokenize(prompt + " in the woods", true, true);
            before = single.promptTokensEvaluated();
            run(single, prompt + " in the woods", GREEDY, 8);
            assertEquals(longer.length - tokens.length, single.promptTokensEvaluated() - before,
                    "a longer prompt: only what follows the shared prefix");
        }
    }

    @Test
    void fourConcurrentStreamsEachGiveTheirTextAsWhenRunAlone() throws Exception {
        // the last prompt is longer than a prefill chunk (128): it is evaluated over several steps beside the others
        List<String> prompts = List.of("Once upon a time", "hello world", "The quick brown fox",
                "In the beginning " + "hello world and the quick brown fox ".repeat(30));
        assertTrue(model.tokenize(prompts.get(3), true, true).length > 256);
        List<String> alone = new ArrayList<>();
        for (String p : prompts) {
            alone.add(run(model, p, GREEDY, 32).text());
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<Result>> together = new ArrayList<>();
            for (String p : prompts) {
                together.add(pool.submit((Callable<Result>) () -> run(model, p, GREEDY, 32)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(alone.get(i), together.get(i).get().text(), prompts.get(i));
            }
        }
    }

    @Test
    void aCancelledStreamFreesItsSequenceForTheNextRequest() throws Exception {
        try (FfmModel single = FfmModel.load(BundledLibrary.get(), settings(TestModels.tiny(), 1))) {
            FfmStream unbounded = single.generate(single.tokenize("Once upon a time", true, true), GREEDY, 100_000,
                    null);
            assertInstanceOf(Chunk.Token.class, unbounded.next());
            unbounded.close();
            Chunk last;
            do {
                last = unbounded.next();
            } while (!(last instanceof Chunk.Done));
            assertEquals(FinishReason.CANCELLED, ((Chunk.Done) last).reason());
            Result next = run(single, "hello world", GREEDY, 8);
            assertFalse(next.text().isEmpty());
        }
    }

    @Test
    void aRequestWaitingForTheOnlySlotGetsItWhenTheHolderIsCancelled() {
        try (FfmModel single = FfmModel.load(BundledLibrary.get(), settings(TestModels.tiny(), 1))) {
            FfmStream holder = single.generate(single.tokenize("Once upon a time", true, true), GREEDY, 100_000,
                    null);
            assertInstanceOf(Chunk.Token.class, holder.next());
            // queued behind the holder before it is cancelled: the step that frees the slot must admit it
            FfmStream waiting = single.generate(single.tokenize("hello world", true, true), GREEDY, 4, null);
            holder.close();
            Chunk last;
            do {
                last = waiting.next();
            } while (!(last instanceof Chunk.Done));
            assertEquals(FinishReason.LENGTH, ((Chunk.Done) last).reason());
            waiting.close();
        }
    }

    @Test
    void stopStringsEndTheTextBeforeThem() {
        String full = run(model, "Once upon a time", GREEDY, 32).text();
        assertTrue(full.length() > 6, full);
        String stop = full.substring(3, 6);
        Result stopped = run(model, "Once upon a time", GREEDY.withStop(List.of(stop)), 32);
        assertEquals(full.substring(0, full.indexOf(stop)), stopped.text());
        assertEquals(FinishReason.STOP, stopped.done().reason());
    }

    @Test
    void aPromptLongerThanTheContextIsRefused() {
        int[] tokens = new int[600];
        java.util.Arrays.fill(tokens, 5);
        var e = assertThrows(InvalidRequestException.class, () -> model.generate(tokens, GREEDY, 8, null));
        assertTrue(e.getMessage().contains("600 tokens"), e.getMessage());
    }

}
