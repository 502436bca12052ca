package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Many small load runs of one kind, interleaved with other kinds, taken together: per-request figures pooled,
 * throughput as all tokens over all wall time, CPU as all CPU time over all wall time.
 */
record Pooled(String label, int requests, int errors, Distribution ttftMillis, Distribution decodeTokensPerSecond,
              double aggregateTokensPerSecond, double cpuCores) {

    static Pooled of(String label, List<RunReport> runs) {
        List<StreamResult> ok = new ArrayList<>();
        int requests = 0;
        int errors = 0;
        long tokens = 0;
        double wall = 0;
        double cpu = 0;
        for (RunReport r : runs) {
            requests += r.requests();
            errors += r.errors();
            wall += r.wallSeconds();
            for (StreamResult s : r.results()) {
                tokens += s.tokens();
                if (s.ok()) {
                    ok.add(s);
                }
            }
            if (r.memory() != null) {
                cpu += r.memory().serverCpuSeconds() + r.memory().runnersCpuSeconds();
            }
        }
        return new Pooled(label, requests, errors,
                Distribution.of(ok.stream().filter(s -> s.tokens() > 0).mapToDouble(StreamResult::ttftMillis).toArray()),
                Distribution.of(ok.stream().filter(s -> s.tokens() > 1)
                        .mapToDouble(StreamResult::decodeTokensPerSecond).toArray()),
                wall > 0 ? tokens / wall : 0, wall > 0 ? cpu / wall : Double.NaN);
    }

    /** Pairwise {@code a[i] / b[i]}: the ratio of two measurements taken seconds apart, for each pair. */
    static Distribution ratios(List<Double> a, List<Double> b) {
        double[] r = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i) / b.get(i);
        }
        return Distribution.of(r);
    }

    /** Pairwise {@code a[i] - b[i]}. */
    static Distribution differences(List<Double> a, List<Double> b) {
        double[] d = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i) - b.get(i);
        }
        return Distribution.of(d);
    }
}
