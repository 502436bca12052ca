package dev.helix.benchmarks.suite;

import dev.helix.server.bench.Api;
import dev.helix.server.bench.Distribution;
import dev.helix.server.bench.LoadRunner;
import dev.helix.server.bench.LoadSpec;
import dev.helix.server.bench.Prompts;
import dev.helix.server.bench.RunReport;
import dev.helix.server.bench.StreamClient;
import dev.helix.server.bench.StreamRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream at a time, Helix's full path (HTTP streaming, router, runner, llama.cpp) beside the binding in one
 * process, in interleaved rounds: each round sends the same prompts to the direct baseline, to Helix's OpenAI API
 * (SSE) and to its Ollama API (NDJSON), in an order that alternates between rounds so drift in the machine's speed
 * falls on every side alike.
 */
final class OverheadScenario {
    record Result(Pooled direct, Pooled openai, Pooled ollama, double decodeRatioOpenai, double decodeRatioOllama,
                  Distribution roundDecodeRatiosOpenai, double addedTtftMillisOpenai, double addedTtftMillisOllama,
                  int sameOutputs, int comparedOutputs, List<RunReport> reports) {}
    // sameOutputs: prompts whose answer was the same text on all three sides (greedy decoding of the same prompt
    // must agree; a difference would mean the sides did not do the same work)

    private OverheadScenario() {}

    static Result run(HelixUnderTest helix, String model, Path file, Direct direct, Direct.Settings settings,
                      Plan plan) {
        Map<String, List<RunReport>> rounds = new HashMap<>();
        List<RunReport> all = new ArrayList<>();
        Map<Integer, List<String>> texts = new HashMap<>();
        try (StreamClient openai = helix.client(Api.OPENAI); StreamClient ollama = helix.client(Api.OLLAMA)) {
            for (int r = 0; r < plan.rounds(); r++) {
                int first = r * plan.perRound();
                List<String> order = r % 2 == 0 ? List.of("direct", "openai", "ollama")
                        : List.of("ollama", "openai", "direct");
                for (String side : order) {
                    RunReport report = switch (side) {
                        case "direct" -> direct.load("direct-x1-round" + r, model, file, settings, List.of(1),
                                plan.perRound(), first, plan.maxTokens()).get(0);
                        default -> {
                            StreamClient client = side.equals("openai") ? openai : ollama;
                            var spec = new LoadSpec(side, 1, plan.perRound(), 1, i -> StreamRequest.greedy(model,
                                    Prompts.story(i >= LoadSpec.WARMUP_BASE ? i : first + i), plan.maxTokens(), 42));
                            yield LoadRunner.run(spec, client::stream, helix.sampler());
                        }
                    };
                    report = report.withLabel(side + " x1 round " + (r + 1));
                    rounds.computeIfAbsent(side, k -> new ArrayList<>()).add(report);
                    all.add(report);
                    for (int i = 0; i < report.results().size(); i++) {
                        texts.computeIfAbsent(first + i, k -> new ArrayList<>()).add(report.results().get(i).text());
                    }
                }
            }
        }
        int same = 0;
        for (List<String> t : texts.values()) {
            if (t.stream().distinct().count() == 1) {
                same++;
            }
        }
        Pooled d = Pooled.of("direct", rounds.get("direct"));
        Pooled o = Pooled.of("openai", rounds.get("openai"));
        Pooled n = Pooled.of("ollama", rounds.get("ollama"));
        return new Result(d, o, n, o.decodeTokensPerSecond().p50() / d.decodeTokensPerSecond().p50(),
                n.decodeTokensPerSecond().p50() / d.decodeTokensPerSecond().p50(),
                Pooled.roundRatios(o.roundDecodeP50(), d.roundDecodeP50()),
                o.ttftMillis().p50() - d.ttftMillis().p50(), n.ttftMillis().p50() - d.ttftMillis().p50(), same,
                texts.size(), all);
    }
}
