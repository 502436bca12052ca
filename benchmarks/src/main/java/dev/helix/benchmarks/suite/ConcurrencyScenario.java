package dev.helix.benchmarks.suite;

import dev.helix.server.bench.Api;
import dev.helix.server.bench.LoadRunner;
import dev.helix.server.bench.LoadSpec;
import dev.helix.server.bench.Prompts;
import dev.helix.server.bench.RunReport;
import dev.helix.server.bench.StreamClient;
import dev.helix.server.bench.StreamRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Four concurrent streams on one model against one stream, on Helix (OpenAI API) and on the binding itself, in
 * interleaved rounds. The figure is aggregate tokens/s (all tokens over all wall time, prompts included) at four
 * streams over the same at one.
 */
final class ConcurrencyScenario {
    static final int STREAMS = 4;

    /**
     * @param helixRatio       aggregate tokens/s at four streams over one, all time included
     * @param helixDecodeRatio the decode phase alone: four times the per-stream decode rate at four streams over
     *                         the rate of one stream (what batching the streams' tokens buys)
     */
    record Result(Pooled helix1, Pooled helix4, Pooled direct1, Pooled direct4, double helixRatio, double directRatio,
                  double helixDecodeRatio, double directDecodeRatio, Map<String, Integer> helix4Errors,
                  List<RunReport> reports) {}

    private ConcurrencyScenario() {}

    static Result run(HelixUnderTest helix, String model, Path file, Direct direct, Direct.Settings settings,
                      Plan plan) {
        List<RunReport> h1 = new ArrayList<>();
        List<RunReport> h4 = new ArrayList<>();
        List<RunReport> d1 = new ArrayList<>();
        List<RunReport> d4 = new ArrayList<>();
        List<RunReport> all = new ArrayList<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        int base = 10_000;
        try (StreamClient client = helix.client(Api.OPENAI)) {
            for (int r = 0; r < plan.rounds(); r++) {
                int first = base + r * 100;
                boolean directFirst = r % 2 == 1;
                if (directFirst) {
                    runDirect(direct, model, file, settings, plan, first, r, d1, d4, all);
                }
                for (int streams : r % 2 == 0 ? List.of(1, STREAMS) : List.of(STREAMS, 1)) {
                    // the same prompt indices as the direct run's for this level (see DirectBaseline)
                    int from = streams == 1 ? first : first + plan.perRound();
                    var spec = new LoadSpec("helix x" + streams + " round " + (r + 1), streams,
                            streams * plan.perRound(), streams, i -> StreamRequest.greedy(model,
                            Prompts.story(i >= LoadSpec.WARMUP_BASE ? i : from + i), plan.maxTokens(), 42));
                    RunReport report = LoadRunner.run(spec, client::stream, helix.sampler());
                    (streams == 1 ? h1 : h4).add(report);
                    all.add(report);
                    if (streams == STREAMS) {
                        report.errorMessages().forEach((m, n) -> errors.merge(m, n, Integer::sum));
                    }
                }
                if (!directFirst) {
                    runDirect(direct, model, file, settings, plan, first, r, d1, d4, all);
                }
            }
        }
        Pooled p1 = Pooled.of("helix x1", h1);
        Pooled p4 = Pooled.of("helix x" + STREAMS, h4);
        Pooled q1 = Pooled.of("direct x1", d1);
        Pooled q4 = Pooled.of("direct x" + STREAMS, d4);
        return new Result(p1, p4, q1, q4, p4.aggregateTokensPerSecond() / p1.aggregateTokensPerSecond(),
                q4.aggregateTokensPerSecond() / q1.aggregateTokensPerSecond(),
                STREAMS * p4.decodeTokensPerSecond().p50() / p1.decodeTokensPerSecond().p50(),
                STREAMS * q4.decodeTokensPerSecond().p50() / q1.decodeTokensPerSecond().p50(), errors, all);
    }

    private static void runDirect(Direct direct, String model, Path file, Direct.Settings settings, Plan plan,
                                  int first, int round, List<RunReport> d1, List<RunReport> d4, List<RunReport> all) {
        List<RunReport> reports = direct.load("direct-x1-x4-round" + round, model, file, settings, List.of(1, STREAMS),
                plan.perRound(), first, plan.maxTokens());
        d1.add(reports.get(0).withLabel("direct x1 round " + (round + 1)));
        d4.add(reports.get(1).withLabel("direct x" + STREAMS + " round " + (round + 1)));
        all.add(d1.get(d1.size() - 1));
        all.add(d4.get(d4.size() - 1));
    }
}
