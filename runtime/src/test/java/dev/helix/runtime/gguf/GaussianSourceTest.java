package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianSourceTest {

    @Test
    void isStandardNormalAndReproducible() {
        GaussianSource a = new GaussianSource(1);
        GaussianSource b = new GaussianSource(1);
        int n = 1_000_000;
        double sum = 0;
        double squares = 0;
        int withinOneSigma = 0;
        float min = 0;
        float max = 0;
        for (int i = 0; i < n; i++) {
            float x = a.next();
            assertEquals(x, b.next());
            sum += x;
            squares += (double) x * x;
            withinOneSigma += Math.abs(x) < 1 ? 1 : 0;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertEquals(0, sum / n, 0.005);
        assertEquals(1, squares / n, 0.005);
        assertEquals(0.6827, (double) withinOneSigma / n, 0.003);
        assertTrue(min < -3.3 && max > 3.3, min + " " + max);
        assertTrue(min > -4 && max < 4, min + " " + max);
    }

    @Test
    void inverseNormalIsAccurate() {
        assertEquals(0, GaussianSource.inverseNormal(0.5), 1e-9);
        assertEquals(1.959963984540054, GaussianSource.inverseNormal(0.975), 1e-8);
        assertEquals(-2.326347874040841, GaussianSource.inverseNormal(0.01), 1e-8);
        assertEquals(3.090232306167813, GaussianSource.inverseNormal(0.999), 1e-8);
    }
}
