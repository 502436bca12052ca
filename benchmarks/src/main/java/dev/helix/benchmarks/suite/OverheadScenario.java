package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.load.StreamResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream at a time, Helix's full path (HTTP streaming, router, runner, llama.cpp) beside the binding in one
 * process, interleaved request by request: prompt i goes to the baseline and to Helix, whose OpenAI API (SSE) takes
 * the even prompts and its Ollama API (NDJSON) the odd ones, so that no prompt reaches Helix's prompt cache twice;
 * which side goes first alternates. Helix's figure for prompt i is compared with the baseline's for the same
 * prompt, measured seconds apart, so the machine's drift falls on both alike; the verdicts use the median of these
 * paired ratios.
 */
final class OverheadScenario {

    /**
     * @param decodeRatioOpenai per prompt: Helix's decode tok/s over the baseline's
     * @param addedTtftOpenai   per prompt: Helix's TTFT minus the baseline's, in ms
     * @param sameOutputs       prompts whose greedy answer was the same text from Helix and the baseline (they must
     *                          agree; a difference would mean the sides did not do the same work)
     */
    record Result(Pooled direct, Pooled openai, Pooled ollama, Distribution decodeRatioOpenai,
                  Distribution decodeRatioOllama, Distribution addedTtftOpenai, Distribution addedTtftOllama,
                  int sameOutputs, int comparedOutputs) {}

    private OverheadScenario() {}

    static Result run(HelixUnderTest helix, String model, DirectProcess direct, Plan plan) {
        // per API: Helix's runs and the baseline's on the same prompts, in the same order
        Map<String, List<RunReport>> helixRuns = new HashMap<>();
        Map<String, List<RunReport>> directRuns = new HashMap<>();
        int count = plan.pairs();
        try (StreamClient openai = helix.client(Api.OPENAI); StreamClient ollama = helix.client(Api.OLLAMA)) {
            // Short one-token requests until the JIT has compiled Helix's per-request code; the baseline's Java is a
            // few calls around native code and needs a handful.
            for (int i = 0; i < plan.warmup(); i++) {
                warm(i % 2 == 0 ? "openai" : "ollama", i, helix, model, direct, openai, ollama);
                if (i % 20 == 0) {
                    warm("direct", i, helix, model, direct, openai, ollama);
                }
            }
            for (int i = 0; i < count; i++) {
                String api = i % 2 == 0 ? "openai" : "ollama";
                List<String> order = (i / 2) % 2 == 0 ? List.of("direct", api) : List.of(api, "direct");
                for (String side : order) {
                    RunReport r = one(side, i, helix, model, direct, openai, ollama, plan);
                    (side.equals("direct") ? directRuns : helixRuns).computeIfAbsent(api, k -> new ArrayList<>()).add(r);
                }
            }
        }
        int same = 0;
        for (String api : List.of("openai", "ollama")) {
            for (int i = 0; i < helixRuns.get(api).size(); i++) {
                if (only(helixRuns.get(api).get(i)).text().equals(only(directRuns.get(api).get(i)).text())) {
                    same++;
                }
            }
        }
        List<RunReport> allDirect = new ArrayList<>(directRuns.get("openai"));
        allDirect.addAll(directRuns.get("ollama"));
        return new Result(Pooled.of("direct", allDirect), Pooled.of("openai", helixRuns.get("openai")),
                Pooled.of("ollama", helixRuns.get("ollama")),
                Pooled.ratios(figure(helixRuns.get("openai"), true), figure(directRuns.get("openai"), true)),
                Pooled.ratios(figure(helixRuns.get("ollama"), true), figure(directRuns.get("ollama"), true)),
                Pooled.differences(figure(helixRuns.get("openai"), false), figure(directRuns.get("openai"), false)),
                Pooled.differences(figure(helixRuns.get("ollama"), false), figure(directRuns.get("ollama"), false)),
                same, count);
    }

    private static RunReport one(String side, int index, HelixUnderTest helix, String model, DirectProcess direct,
                                 StreamClient openai, StreamClient ollama, Plan plan) {
        if (side.equals("direct")) {
            return direct.run(1, 1, index, plan.maxTokens(), 0);
        }
        var spec = new LoadSpec(side, 1, 1, 0, i -> StreamRequest.greedy(model, Prompts.story(index), plan.maxTokens(), 42));
        return LoadRunner.run(spec, (side.equals("openai") ? openai : ollama)::stream, helix.sampler());
    }

    private static void warm(String side, int index, HelixUnderTest helix, String model, DirectProcess direct,
                             StreamClient openai, StreamClient ollama) {
        if (side.equals("direct")) {
            direct.run(1, 1, LoadSpec.WARMUP_BASE + index, 1, 0);
            return;
        }
        var spec = new LoadSpec(side, 1, 1, 0, i -> StreamRequest.greedy(model, Prompts.fixed("Warm up " + index), 1, 42));
        LoadRunner.run(spec, (side.equals("openai") ? openai : ollama)::stream, helix.sampler());
    }

    private static StreamResult only(RunReport r) {
        return r.results().get(0);
    }

    /** Each run's decode tok/s (or TTFT in ms), NaN for a failed request. */
    private static List<Double> figure(List<RunReport> runs, boolean decode) {
        return runs.stream().map(OverheadScenario::only)
                .map(s -> !s.ok() ? Double.NaN : decode ? s.decodeTokensPerSecond() : s.ttftMillis()).toList();
    }
}
