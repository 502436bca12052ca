package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Completion;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.testing.SharedModels;
import dev.helix.runtime.testing.TestEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real trained model (../shared/models/stories260K.gguf, skipped when absent) writes English through a runner. */
@Timeout(120)
@Tag(TestEngine.TAG)
class TrainedModelTest {
    private static final Set<String> COMMON = Set.of("the", "a", "was", "and", "to", "she", "he", "it", "they", "in",
            "her", "his", "of", "one", "day", "there", "little", "with", "saw", "said", "play", "big", "very", "happy");

    @Test
    void storiesWritesEnglishLikeText() {
        Path model = SharedModels.assumeStories260K();
        try (var provider = RunnerProvider.start("stories", model, TestEngine.defaults(), RunnerSettings.defaults())) {
            Completion c = provider.complete(new CompletionRequest("stories", "Once upon a time",
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(60))).collect();
            String text = c.text();
            assertTrue(text.contains("there was a little"), text);
            String[] words = text.toLowerCase().replaceAll("[^a-z ]", " ").trim().split("\\s+");
            long common = Arrays.stream(words).filter(COMMON::contains).count();
            assertTrue(words.length >= 20 && common * 4 >= words.length,
                    "expected everyday English, got: " + text);
            assertEquals(512, provider.slotContext(), "the automatic context is the model's trained 512");
        }
    }
}
