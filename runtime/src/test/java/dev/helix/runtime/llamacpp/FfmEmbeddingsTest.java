package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.provider.InvalidRequestException;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Embeddings of {@code engine: ffm} models in a runner: the pooling the file declares, batched requests, generation
 * streaming while embeddings run, and a MEAN model on {@code engine: binding} refused before the binding can abort
 * the runner.
 */
@Timeout(180)
class FfmEmbeddingsTest {
    /** The jar's library (b4916) for both engines: a host-tuned build's kernels round differently. */
    private static final RunnerSettings BUNDLED = RunnerSettings.defaults().withNativeLibrary("bundled");

    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);
    private static final ModelLoadOptions OPTIONS = ModelLoadOptions.DEFAULTS.withContextSize(256).withParallel(2)
            .withThreads(1);
    private static final List<String> TEXTS = List.of("hello world", "a", "the quick brown fox", "b c",
            "once upon a time");
    private static final int MEAN = 1;
    private static final int NONE = 0;

    @Test
    void aMeanModelEmbedsOnFfmBatchedAsEachInputAloneWhileAGenerationStreams() {
        try (var ffm = RunnerProvider.start("m", TestModels.tinyPooled(MEAN), OPTIONS.withEngine(Engine.FFM),
                BUNDLED)) {
            String expected = ffm.complete(new CompletionRequest("m", "Once upon a time", GREEDY.withMaxTokens(24)))
                    .collect().text();
            var text = new StringBuilder();
            try (ChunkStream stream = ffm.complete(new CompletionRequest("m", "Once upon a time",
                    GREEDY.withMaxTokens(24)))) {
                text.append(((Chunk.Token) firstToken(stream)).text());
                // the generation has started and is not finished: embeddings run beside it
                var together = ffm.embed(new EmbeddingRequest("m", TEXTS)).vectors();
                assertEquals(TEXTS.size(), together.size());
                for (int i = 0; i < TEXTS.size(); i++) {
                    float[] alone = ffm.embed(new EmbeddingRequest("m", List.of(TEXTS.get(i)))).vectors().get(0);
                    assertClose(alone, together.get(i), TEXTS.get(i));
                }
                for (Chunk c; !((c = stream.next()) instanceof Chunk.Done); ) {
                    if (c instanceof Chunk.Token t) {
                        text.append(t.text());
                    }
                }
            }
            assertEquals(expected, text.toString(), "embeddings leave the interleaved greedy generation as it was");
        }
    }

    private static Chunk firstToken(ChunkStream stream) {
        while (true) {
            Chunk c = stream.next();
            if (c instanceof Chunk.Token) {
                return c;
            }
            assertFalse(c instanceof Chunk.Done, "the generation ended before its first token");
        }
    }

    @Test
    void ffmMatchesTheBindingOnAModelWithoutPooling() {
        // no pooling key: a generative model, LAST on both engines
        try (var binding = RunnerProvider.start("m", TestModels.tiny(), OPTIONS, BUNDLED);
             var ffm = RunnerProvider.start("m", TestModels.tiny(), OPTIONS.withEngine(Engine.FFM),
                     BUNDLED)) {
            var request = new EmbeddingRequest("m", TEXTS);
            var expected = binding.embed(request);
            var actual = ffm.embed(request);
            assertEquals(expected.promptTokens(), actual.promptTokens());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertClose(expected.vectors().get(i), actual.vectors().get(i), TEXTS.get(i));
            }
        }
    }

    @Test
    void aMeanModelOnTheBindingIsRefusedNamingFfmAndTheRunnerGoesOn() {
        try (var binding = RunnerProvider.start("m", TestModels.tinyPooled(MEAN), OPTIONS,
                BUNDLED)) {
            var e = assertThrows(InvalidRequestException.class,
                    () -> binding.embed(new EmbeddingRequest("m", List.of("hello world"))));
            assertTrue(e.getMessage().contains("engine: ffm"), e.getMessage());
            assertEquals(Health.Status.UP, binding.health().status());
            assertFalse(binding.complete(new CompletionRequest("m", "hello", GREEDY.withMaxTokens(4))).collect()
                    .text().isEmpty(), "the runner still generates");
        }
    }

    @Test
    void aModelDeclaringNoPoolingIsRefusedWithWhy() {
        try (var ffm = RunnerProvider.start("m", TestModels.tinyPooled(NONE), OPTIONS.withEngine(Engine.FFM),
                BUNDLED)) {
            var e = assertThrows(InvalidRequestException.class,
                    () -> ffm.embed(new EmbeddingRequest("m", List.of("hello world"))));
            assertTrue(e.getMessage().contains("pooling type none"), e.getMessage());
            assertFalse(ffm.complete(new CompletionRequest("m", "hello", GREEDY.withMaxTokens(2))).collect().text()
                    .isEmpty(), "generation is unaffected");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f, what + " [" + i + "]");
        }
    }
}
