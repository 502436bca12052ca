package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Four concurrent streams on one model against one stream, on Helix (OpenAI API) and on the binding itself,
 * interleaved unit by unit: one request alone, four at once, on each side, in an order that rotates. The figure is
 * aggregate tokens/s (tokens over wall time, prompts included) of four streams over one, paired per unit.
 */
final class ConcurrencyScenario {
    static final int STREAMS = 4;
    private static final List<String> KINDS = List.of("helix x1", "helix x4", "direct x1", "direct x4");

    /**
     * @param helixRatio       per unit: aggregate tokens/s of four streams over one stream's
     * @param helixDecodeRatio per unit, the decode phase alone: four times the median per-stream decode rate at four
     *                         streams over one stream's rate (what batching the streams' tokens buys)
     */
    record Result(Pooled helix1, Pooled helix4, Pooled direct1, Pooled direct4, Distribution helixRatio,
                  Distribution directRatio, Distribution helixDecodeRatio, Distribution directDecodeRatio,
                  Map<String, Integer> helix4Errors) {}

    private ConcurrencyScenario() {}

    static Result run(HelixUnderTest helix, String model, DirectProcess direct, Plan plan) {
        Map<String, List<RunReport>> runs = new LinkedHashMap<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        int base = 10_000;
        try (StreamClient client = helix.client(Api.OPENAI)) {
            for (String kind : KINDS) {
                unit(kind, LoadSpec.WARMUP_BASE, helix, model, direct, client, plan); // warm-up, not counted
            }
            for (int u = 0; u < plan.pairs() / 2; u++) {
                int first = base + u * (STREAMS + 1);
                for (int k = 0; k < KINDS.size(); k++) {
                    String kind = KINDS.get((u + k) % KINDS.size());
                    RunReport r = unit(kind, first, helix, model, direct, client, plan);
                    runs.computeIfAbsent(kind, x -> new ArrayList<>()).add(r);
                    if (kind.equals("helix x4")) {
                        r.errorMessages().forEach((m, n) -> errors.merge(m, n, Integer::sum));
                    }
                }
            }
        }
        return new Result(Pooled.of("helix x1", runs.get("helix x1")), Pooled.of("helix x4", runs.get("helix x4")),
                Pooled.of("direct x1", runs.get("direct x1")), Pooled.of("direct x4", runs.get("direct x4")),
                Pooled.ratios(aggregate(runs.get("helix x4")), aggregate(runs.get("helix x1"))),
                Pooled.ratios(aggregate(runs.get("direct x4")), aggregate(runs.get("direct x1"))),
                Pooled.ratios(decode(runs.get("helix x4")), decode(runs.get("helix x1"))),
                Pooled.ratios(decode(runs.get("direct x4")), decode(runs.get("direct x1"))), errors);
    }

    /** One request alone (prompt {@code first}) or four at once (prompts {@code first + 1..4}). */
    private static RunReport unit(String kind, int first, HelixUnderTest helix, String model, DirectProcess direct,
                                  StreamClient client, Plan plan) {
        int streams = kind.endsWith("x1") ? 1 : STREAMS;
        int from = streams == 1 ? first : first + 1;
        if (kind.startsWith("direct")) {
            return direct.run(streams, streams, from, plan.maxTokens(), 0);
        }
        var spec = new LoadSpec(kind, streams, streams, 0,
                i -> StreamRequest.greedy(model, Prompts.story(from + i), plan.maxTokens(), 42));
        return LoadRunner.run(spec, client::stream, helix.sampler());
    }

    private static List<Double> aggregate(List<RunReport> runs) {
        return runs.stream().map(RunReport::aggregateTokensPerSecond).toList();
    }

    /** All streams' decode rate together: streams x the median per-stream rate. */
    private static List<Double> decode(List<RunReport> runs) {
        return runs.stream().map(r -> r.concurrency() * r.decodeTokensPerSecond().p50()).toList();
    }
}
