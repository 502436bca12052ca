package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.Health;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Embeddings on a model with four generation slots, in a runner. */
@Timeout(120)
@Tag(TestEngine.TAG)
class EmbeddingTest {

    @Test
    void shortInputsAndGenerationsSideBySide() {
        try (var provider = RunnerProvider.start("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(256).withParallel(4), RunnerSettings.defaults())) {
            String before = provider.complete(new CompletionRequest("tiny", "Once upon a time",
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(16))).collect().text();
            // b4916 aborts a pooled input shorter than its slot id in a multi-slot context; embeddings have their own.
            Embeddings e = provider.embed(new EmbeddingRequest("tiny", List.of("a", "hi", "a", "b c", "hello world")));
            assertEquals(5, e.vectors().size());
            assertTrue(Arrays.equals(e.vectors().get(0), e.vectors().get(2)), "same input, same vector");
            assertNotEquals(Arrays.toString(e.vectors().get(0)), Arrays.toString(e.vectors().get(1)));
            assertEquals(Health.Status.UP, provider.health().status());
            String after = provider.complete(new CompletionRequest("tiny", "Once upon a time",
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(16))).collect().text();
            assertEquals(before, after, "the embedding context leaves greedy generation as it was");
            assertEquals(4, provider.parallel());
        }
    }
}
