package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helix.provider.GenerationOptions;
import dev.helix.router.store.ModelPreset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's preset parameters fill what a request left unset, and keep everything the request set. */
class PresetDefaultsTest {

    @Test
    void theRequestsOwnFieldsSurviveThePresetsDefaults() {
        var preset = new ModelPreset(null, null, Map.of("temperature", 0.3, "repeat_last_n", 32));
        var asked = GenerationOptions.DEFAULTS.withSeed(7L).withLogprobs(4).withThink(true)
                .withLogitBias(Map.of(3, 1.5));
        GenerationOptions merged = PresetDefaults.apply(preset, asked);
        assertEquals(0.3, merged.temperature());
        assertEquals(32, merged.repeatLastN());
        assertEquals(7L, merged.seed());
        assertEquals(4, merged.logprobs(), "logprobs are the request's");
        assertEquals(Map.of(3, 1.5), merged.logitBias());
        assertEquals(true, merged.think());
    }
}
