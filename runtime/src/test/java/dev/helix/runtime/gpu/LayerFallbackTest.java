package dev.helix.runtime.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The retry policy with a loader that runs out of device memory above a number of layers. */
@Timeout(60)
class LayerFallbackTest {
    private final List<Integer> tried = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /** Loads up to {@code fits} layers; more fail as llama.cpp's load does when an allocation fails. */
    private IntFunction<String> fitting(int fits) {
        return layers -> {
            tried.add(layers);
            if (layers > fits) {
                throw new IllegalStateException("llama.cpp could not load the model");
            }
            return "loaded with " + layers;
        };
    }

    @Test
    void aLoadThatFitsIsTriedOnce() {
        assertEquals("loaded with 33", LayerFallback.load(33, fitting(33), log::add));
        assertEquals(List.of(33), tried);
        assertEquals(List.of(), log);
    }

    @Test
    void outOfMemoryAboveFiveHalvesUntilItFitsAndSaysSo() {
        assertEquals("loaded with 4", LayerFallback.load(33, fitting(5), log::add));
        assertEquals(List.of(33, 16, 8, 4), tried);
        assertEquals(4, log.size(), log.toString());
        assertTrue(log.get(0).contains("33 GPU layers failed") && log.get(0).contains("trying 16"), log.get(0));
        assertEquals("loaded with 4 GPU layers instead of 33", log.get(3));
    }

    @Test
    void nothingFitsEndsOnTheCpu() {
        assertEquals("loaded with 0", LayerFallback.load(6, fitting(0), log::add));
        assertEquals(List.of(6, 3, 1, 0), tried);
        assertTrue(log.get(2).endsWith("trying 0 (CPU only)"), log.get(2));
    }

    @Test
    void theTriesAreBoundedAndTheLastIsTheCpu() {
        assertEquals("loaded with 0", LayerFallback.load(10_000, fitting(0), log::add));
        assertEquals(LayerFallback.MAX_ATTEMPTS, tried.size());
        assertEquals(List.of(10_000, 5_000, 2_500, 1_250, 625, 312, 156, 0), tried);
    }

    @Test
    void aLoadThatFailsOnTheCpuTooThrowsThatFailureWithTheFirstAttached() {
        IntFunction<String> broken = layers -> {
            tried.add(layers);
            throw new IllegalStateException("failed at " + layers);
        };
        var e = assertThrows(IllegalStateException.class, () -> LayerFallback.load(2, broken, log::add));
        assertEquals("failed at 0", e.getMessage());
        assertEquals("failed at 2", e.getSuppressed()[0].getMessage());
        assertEquals(List.of(2, 1, 0), tried);
    }

    @Test
    void aCpuLoadIsNeverRetried() {
        var failure = new IllegalStateException("not a model");
        var e = assertThrows(IllegalStateException.class, () -> LayerFallback.load(0, layers -> {
            tried.add(layers);
            throw failure;
        }, log::add));
        assertSame(failure, e);
        assertEquals(0, e.getSuppressed().length);
        assertEquals(List.of(0), tried);
        assertEquals(List.of(), log);
    }
}
