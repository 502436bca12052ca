package dev.helix.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The growth check itself: linear work passes, quadratic work fails, whether it allocates or not. */
class GrowthTest {
    private static volatile long sink;

    @Test
    void linearWorkPasses() {
        var measured = Growth.assertLinear("linear", n -> new int[n], input -> {
            long sum = 0;
            for (int i = 0; i < input.length; i++) {
                sum += i ^ input[i];
            }
            sink = sum;
        }, 1 << 16, 1 << 26);
        assertTrue(measured.ratio() < Growth.QUADRATIC_RATIO, measured.toString());
    }

    @Test
    void quadraticWorkThatAllocatesNothingFails() {
        assertThrows(AssertionError.class, () -> Growth.assertLinear("pairs", n -> new int[n], input -> {
            long sum = 0;
            for (int i = 0; i < input.length; i++) {
                for (int j = 0; j < input.length; j++) {
                    sum += i ^ j ^ input[j];
                }
            }
            sink = sum;
        }, 64, 1 << 12)); // capped: a few milliseconds a run is plenty for a ratio near 4
    }

    @Test
    void quadraticWorkThatAllocatesAsItGoesFails() {
        assertThrows(AssertionError.class, () -> Growth.assertLinear("copies", n -> n, n -> {
            String text = "";
            for (int i = 0; i < n; i++) {
                text = text + 'x'; // a copy of everything so far, every time
            }
            sink = text.length();
        }, 64, 1 << 13));
    }
}
