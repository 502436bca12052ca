package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionTest {
    private static final double EXACT = 1e-9;

    @Test
    void percentilesInterpolateBetweenClosestRanks() {
        Distribution d = Distribution.of(10, 1, 9, 2, 8, 3, 7, 4, 6, 5); // 1..10, unsorted
        assertEquals(10, d.count());
        assertEquals(5.5, d.p50(), EXACT);
        assertEquals(9.1, d.p90(), EXACT);
        assertEquals(9.91, d.p99(), EXACT);
        assertEquals(3.25, d.p25(), EXACT);
        assertEquals(7.75, d.p75(), EXACT);
        assertEquals(5.5, d.mean(), EXACT);
        assertEquals(1, d.min(), EXACT);
        assertEquals(10, d.max(), EXACT);
    }

    @Test
    void anOddCountHasItsMiddleValueAsMedian() {
        Distribution d = Distribution.of(List.of(3.0, 100.0, 1.0));
        assertEquals(3, d.p50(), EXACT);
        assertEquals(80.6, d.p90(), EXACT); // rank 1.8: 3 + 0.8 * 97
    }

    @Test
    void oneValueIsEveryPercentileAndNoneIsNaN() {
        Distribution one = Distribution.of(42);
        assertEquals(42, one.p50(), EXACT);
        assertEquals(42, one.p99(), EXACT);
        Distribution none = Distribution.of();
        assertEquals(0, none.count());
        assertTrue(Double.isNaN(none.p50()) && Double.isNaN(none.mean()));
    }

    @Test
    void percentilesOutsideZeroToHundredAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Distribution.percentile(new double[] {1}, 101));
        assertEquals(1, Distribution.percentile(new double[] {1, 2}, 0), EXACT);
        assertEquals(2, Distribution.percentile(new double[] {1, 2}, 100), EXACT);
    }
}
