package dev.helix.runtime.gguf;

import java.util.SplittableRandom;

/**
 * A fast, reproducible source of standard-normal floats: 32 random bits per value pick one of 4096
 * equal-probability bins of the normal distribution and a point within it (linear interpolation of the
 * inverse CDF, tails cut at about ±3.7σ, rescaled to unit variance). The table is computed with
 * {@link StrictMath} and the rest is float arithmetic, so a seed gives the same values on every JVM and
 * platform, at a few nanoseconds per value.
 */
final class GaussianSource {

    private static final int BIN_BITS = 12;
    private static final int BINS = 1 << BIN_BITS;
    private static final int FRACTION_BITS = 32 - BIN_BITS;
    private static final float FRACTION_SCALE = 1.0f / (1 << FRACTION_BITS);
    private static final float[] QUANTILES = quantiles();

    private final SplittableRandom random;
    private long bits;
    private boolean half;

    GaussianSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next N(0, 1) value. */
    float next() {
        int r;
        if (half) {
            r = (int) bits;
            half = false;
        } else {
            bits = random.nextLong();
            r = (int) (bits >>> 32);
            half = true;
        }
        int bin = r >>> FRACTION_BITS;
        float fraction = (r & ((1 << FRACTION_BITS) - 1)) * FRACTION_SCALE;
        float lo = QUANTILES[bin];
        return lo + (QUANTILES[bin + 1] - lo) * fraction;
    }

    private static float[] quantiles() {
        double[] q = new double[BINS + 1];
        for (int k = 0; k <= BINS; k++) {
            double p = Math.min(Math.max((double) k / BINS, 0.5 / BINS), 1 - 0.5 / BINS);
            q[k] = inverseNormal(p);
        }
        double secondMoment = 0;
        for (int k = 0; k < BINS; k++) {
            secondMoment += (q[k] * q[k] + q[k] * q[k + 1] + q[k + 1] * q[k + 1]) / 3;
        }
        double scale = 1 / StrictMath.sqrt(secondMoment / BINS);
        float[] table = new float[BINS + 1];
        for (int k = 0; k <= BINS; k++) {
            table[k] = (float) (q[k] * scale);
        }
        return table;
    }

    /** Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                3.754408661907416e+00};
        double low = 0.02425;
        if (p < low || p > 1 - low) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p < low ? p : 1 - p));
            double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < low ? x : -x;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
