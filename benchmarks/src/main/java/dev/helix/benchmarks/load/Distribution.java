package dev.helix.benchmarks.load;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary of a sample: percentiles by linear interpolation between closest ranks (the R-7 / numpy default: the
 * p-th percentile of n sorted values sits at rank {@code p/100 * (n-1)}), the quartiles around the median (its
 * spread), mean, min and max. All NaN when empty.
 */
public record Distribution(int count, double p50, double p90, double p99, double p25, double p75, double mean,
                           double min, double max) {

    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Distribution of(double... values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Distribution(sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                percentile(sorted, 25), percentile(sorted, 75), sum / sorted.length, sorted[0],
                sorted[sorted.length - 1]);
    }

    public static Distribution of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The p-th percentile (0..100) of ascending values, interpolated between the two closest ranks. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in [0, 100], not " + p);
        }
        double rank = p / 100 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
