package dev.helix.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelLoadOptionsTest {
    private static final long MIB = 1 << 20;

    @Test
    void automaticContextIsTheTrainedOneCapped() {
        assertEquals(512, ModelLoadOptions.DEFAULTS.effectiveContextSize(512));
        assertEquals(4096, ModelLoadOptions.DEFAULTS.effectiveContextSize(131072));
        assertEquals(4096, ModelLoadOptions.DEFAULTS.effectiveContextSize(0));
        assertEquals(8192, ModelLoadOptions.DEFAULTS.withContextSize(8192).effectiveContextSize(512));
    }

    @Test
    void automaticSlotsFitTheKvBudget() {
        var auto = ModelLoadOptions.DEFAULTS;
        // a small model: 4 slots of 4096 tokens at 16 KiB per token = 256 MiB
        assertEquals(4, auto.effectiveParallel(16 * 1024, 4096));
        // llama-3-8B-like (128 KiB per token): 4096 x 2 = 1 GiB fits, 4 would not
        assertEquals(2, auto.effectiveParallel(128 * 1024, 4096));
        // llama-2-7B-like (512 KiB per token): one slot of 4096 is already 2 GiB
        assertEquals(1, auto.effectiveParallel(512 * 1024, 4096));
        assertEquals(1, auto.effectiveParallel(0, 4096), "unknown size: one slot");
        assertEquals(3, auto.withParallel(3).effectiveParallel(512 * 1024, 4096), "configured wins");
        assertEquals(ModelLoadOptions.AUTO_KV_BUDGET_MB * MIB, 4L * 64 * 1024 * 4096);
    }

    @Test
    void invalidValuesAreRejectedInJavaBeforeTheyReachNativeCode() {
        assertThrows(IllegalArgumentException.class, () -> ModelLoadOptions.DEFAULTS.withContextSize(8));
        assertThrows(IllegalArgumentException.class, () -> ModelLoadOptions.DEFAULTS.withParallel(-1));
        assertThrows(IllegalArgumentException.class, () -> ModelLoadOptions.DEFAULTS.withThreads(5000));
        assertThrows(IllegalArgumentException.class,
                () -> ModelLoadOptions.DEFAULTS.withContextSize(1 << 21).withParallel(4));
    }
}
