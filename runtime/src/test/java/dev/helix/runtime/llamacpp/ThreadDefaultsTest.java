package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadDefaultsTest {
    private static final long MB = 1 << 20;

    @Test
    void smallModelsDecodeOnOneThreadBiggerOnesOnTheCores() {
        assertEquals(1, ThreadDefaults.decode(1 * MB, 2), "tiny");
        assertEquals(1, ThreadDefaults.decode(7 * MB, 2), "3.3M F16 decoded faster on one thread");
        assertEquals(2, ThreadDefaults.decode(18 * MB, 2), "9M F16 decoded 1.2x faster on two");
        assertEquals(2, ThreadDefaults.decode(120 * MB, 2), "60M F16 decoded 1.2-1.3x faster on two");
        assertEquals(2, ThreadDefaults.decode(4096 * MB, 2));
        assertEquals(4, ThreadDefaults.decode(4096 * MB, 4));
        assertEquals(8, ThreadDefaults.decode(4096 * MB, 16), "two hardware threads per core assumed above 4");
        assertEquals(1, ThreadDefaults.decode(4096 * MB, 1));
    }

    @Test
    void promptsUseTheCoresFromFifteenMillionParametersUp() {
        assertEquals(1, ThreadDefaults.batch(1 * MB, 2));
        assertEquals(2, ThreadDefaults.batch(30 * MB, 2), "15M F16 prompts were ~30% faster on two threads");
        assertEquals(2, ThreadDefaults.batch(300 * MB, 2));
    }
}
