package dev.helix.benchmarks.suite;

import dev.helix.server.bench.Distribution;
import dev.helix.server.bench.RunReport;
import dev.helix.server.bench.StreamResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Several load runs of one kind (one per round) taken together: per-request figures pooled, throughput as all
 * tokens over all wall time, and each round's own figure kept to show how much the rounds disagree.
 */
record Pooled(String label, int requests, int errors, Distribution ttftMillis, Distribution decodeTokensPerSecond,
              double aggregateTokensPerSecond, List<Double> roundDecodeP50, List<Double> roundAggregate,
              double cpuCores) {

    static Pooled of(String label, List<RunReport> rounds) {
        List<StreamResult> ok = new ArrayList<>();
        int requests = 0;
        int errors = 0;
        long tokens = 0;
        double wall = 0;
        double cpu = 0;
        List<Double> decode = new ArrayList<>();
        List<Double> aggregate = new ArrayList<>();
        for (RunReport r : rounds) {
            requests += r.requests();
            errors += r.errors();
            wall += r.wallSeconds();
            for (StreamResult s : r.results()) {
                tokens += s.tokens();
                if (s.ok()) {
                    ok.add(s);
                }
            }
            decode.add(r.decodeTokensPerSecond().p50());
            aggregate.add(r.aggregateTokensPerSecond());
            if (r.memory() != null) {
                cpu += r.memory().serverCpuSeconds() + r.memory().runnersCpuSeconds();
            }
        }
        return new Pooled(label, requests, errors,
                Distribution.of(ok.stream().filter(s -> s.tokens() > 0).mapToDouble(StreamResult::ttftMillis).toArray()),
                Distribution.of(ok.stream().filter(s -> s.tokens() > 1)
                        .mapToDouble(StreamResult::decodeTokensPerSecond).toArray()),
                wall > 0 ? tokens / wall : 0, decode, aggregate, wall > 0 ? cpu / wall : Double.NaN);
    }

    /** Each round's value of {@code a} over the same round's value of {@code b}: the spread of a ratio. */
    static Distribution roundRatios(List<Double> a, List<Double> b) {
        double[] ratios = new double[Math.min(a.size(), b.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = a.get(i) / b.get(i);
        }
        return Distribution.of(ratios);
    }
}
