package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.ProcFs;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.load.StreamResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Helix in front of an upstream, against the same upstream called directly: Helix A serves a generated model, Helix
 * B has no model and names A as a provider of type {@code helix} (as a user's models.yaml would), both child
 * processes of the suite. One stream at a time, request by request: pair k sends one prompt to A and one to B, both
 * through the same API (OpenAI SSE for even k, Ollama NDJSON for odd k; B always reads A's OpenAI SSE), which side
 * goes first alternating every two pairs. The two prompts of a pair are different (indices 2k and 2k+1, which side
 * gets which alternating every four pairs), because both reach A's runner and an equal prompt would be answered the
 * second time from A's prompt cache. Verdicts use the medians of the paired differences (TTFT) and ratios (decode
 * tokens/s), after a warm-up that JIT-compiles both servers' paths.
 */
final class ProxyScenario {
    static final String MODEL = "small";
    /** Tokens per warm-up answer: enough that the per-token code is compiled too, not only the per-request. */
    static final int WARMUP_TOKENS = 16;
    /** Tokens per answer of the burst warm-up, which is for the per-request code (the rounds after it do the rest). */
    static final int BURST_TOKENS = 2;

    /**
     * @param model                 the upstream's model file, its size, and its llama.cpp threads
     * @param pairs                 measured pairs (half through each API)
     * @param maxTokens             tokens per answer
     * @param warmup                warm-up rounds (one short request to B and one to A each)
     * @param burstWarmup           short requests per side and API sent eight at a time before those rounds
     * @param measuredAt            when this scenario ran (it may be rerun alone, after the rest of the page)
     * @param minutes               how long it took, servers' start included
     * @param loadAverage           the machine's load average when it ended
     * @param addedTtftOpenai       per pair: TTFT through B minus TTFT from A, ms
     * @param decodeRatioOpenai     per pair: decode tok/s through B over decode tok/s from A
     * @param sameOutputs           prompts whose greedy answer through B was the same text as A's own
     * @param proxyIdleRssKb        B's VmRSS once started and ready, before any request
     * @param proxyPeakRssKb        B's highest sampled VmRSS while the pairs ran
     * @param proxyAfterGcRssKb     B's VmRSS after the pairs and a full GC
     * @param upstreamServerRssKb   A's server process's VmRSS (its runner not counted) at the same moment, for scale
     * @param proxyCpuSeconds       CPU time B used while the pairs ran (it is idle during A's own requests)
     * @param proxyTokens           tokens B streamed while the pairs ran
     * @param proxyRequests         requests B served while the pairs ran
     * @param proxyThreads          B's threads after the pairs
     */
    record Result(String model, long modelBytes, int threads, int pairs, int maxTokens, int warmup, int burstWarmup,
                  String measuredAt,
                  double minutes, String loadAverage, Pooled directOpenai, Pooled proxyOpenai, Pooled directOllama,
                  Pooled proxyOllama, Distribution addedTtftOpenai, Distribution addedTtftOllama,
                  Distribution decodeRatioOpenai, Distribution decodeRatioOllama, int sameOutputs,
                  int comparedOutputs, long proxyIdleRssKb, long proxyPeakRssKb, long proxyAfterGcRssKb,
                  long upstreamServerRssKb, double proxyCpuSeconds, long proxyTokens, int proxyRequests,
                  int proxyThreads) {

        /** B's CPU per token streamed through it, in microseconds (its per-request work spread over the tokens). */
        double proxyCpuMicrosPerToken() {
            return proxyTokens > 0 ? proxyCpuSeconds * 1e6 / proxyTokens : Double.NaN;
        }
    }

    private ProxyScenario() {}

    /** The servers and clients of one run. */
    private record Sides(HelixUnderTest upstream, HelixUnderTest proxy, Map<Api, StreamClient> direct,
                         Map<Api, StreamClient> through) {
        StreamClient client(boolean viaProxy, Api api) {
            return (viaProxy ? through : direct).get(api);
        }
    }

    static Result run(Path helixJar, Path folder, Path modelFile, HelixUnderTest.Options options, Plan plan)
            throws IOException {
        long started = System.nanoTime();
        try (var upstream = HelixUnderTest.start(helixJar, folder.resolve("upstream"), Map.of(MODEL, modelFile),
                options)) {
            upstream.load(MODEL);
            try (var proxy = HelixUnderTest.proxy(helixJar, folder.resolve("proxy"), upstream.url(), MODEL)) {
                Thread.sleep(StartupScenario.SETTLE);
                long idleRss = rssKb(proxy.pid());
                Map<Api, StreamClient> direct = new EnumMap<>(Api.class);
                Map<Api, StreamClient> through = new EnumMap<>(Api.class);
                try {
                    for (Api api : List.of(Api.OPENAI, Api.OLLAMA)) {
                        direct.put(api, upstream.client(api));
                        through.put(api, proxy.client(api));
                    }
                    var sides = new Sides(upstream, proxy, direct, through);
                    return measure(sides, modelFile, options, plan, idleRss, started);
                } finally {
                    direct.values().forEach(StreamClient::close);
                    through.values().forEach(StreamClient::close);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code perSide} short requests per side and API, eight at a time, alternating sides and APIs. */
    private static void burstWarmup(Sides s, int perSide) {
        int total = perSide * 4;
        var next = new java.util.concurrent.atomic.AtomicInteger();
        try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                workers.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        Api api = (i / 2) % 2 == 0 ? Api.OPENAI : Api.OLLAMA;
                        s.client(i % 2 == 0, api).stream(StreamRequest.greedy(MODEL, Prompts.fixed("Burst " + i),
                                BURST_TOKENS, 42));
                    }
                });
            }
        }
    }

    private static Result measure(Sides s, Path modelFile, HelixUnderTest.Options options, Plan plan, long idleRss,
                                  long started) throws IOException {
        // Warm-up: short answers through B and from A alike, through both APIs, until both servers' per-request and
        // per-token code is compiled: first many at once (A's slots answer four together), then one at a time.
        burstWarmup(s, plan.proxyBurstWarmup());
        for (int i = 0; i < plan.proxyWarmup(); i++) {
            Api api = i % 2 == 0 ? Api.OPENAI : Api.OLLAMA;
            for (boolean viaProxy : new boolean[] {true, false}) {
                s.client(viaProxy, api).stream(StreamRequest.greedy(MODEL, Prompts.fixed("Warm up " + i + " "
                        + viaProxy), WARMUP_TOKENS, 42));
            }
        }
        // B must hand on A's answer unchanged. The same prompt goes to A, through B, and to A again; B's answer is
        // compared with A's second, which A computed in the same state: both find the prompt in A's cache, and a
        // prompt read from the cache can give a random-weight model's near-equal logits another order than one
        // computed afresh.
        int same = 0;
        int compared = 0;
        for (int i = 0; i < 4; i++) {
            Api api = i % 2 == 0 ? Api.OPENAI : Api.OLLAMA;
            var request = StreamRequest.greedy(MODEL, Prompts.story(-1 - i), plan.proxyMaxTokens(), 42);
            s.client(false, api).stream(request);
            StreamResult b = s.client(true, api).stream(request);
            StreamResult a = s.client(false, api).stream(request);
            compared++;
            if (a.ok() && b.ok() && a.text().equals(b.text())) {
                same++;
            }
        }

        Map<Api, List<RunReport>> directRuns = new EnumMap<>(Api.class);
        Map<Api, List<RunReport>> proxyRuns = new EnumMap<>(Api.class);
        double cpuBefore = ProcFs.cpuSeconds(s.proxy().pid());
        s.proxy().sampler().resetPeaks();
        for (int k = 0; k < plan.proxyPairs(); k++) {
            Api api = k % 2 == 0 ? Api.OPENAI : Api.OLLAMA;
            boolean proxyFirst = (k / 2) % 2 == 1;
            boolean swap = (k / 4) % 2 == 1;
            int directPrompt = 2 * k + (swap ? 1 : 0);
            int proxyPrompt = 2 * k + (swap ? 0 : 1);
            for (boolean viaProxy : proxyFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                int prompt = viaProxy ? proxyPrompt : directPrompt;
                var spec = new LoadSpec((viaProxy ? "proxy " : "direct ") + api.name().toLowerCase(), 1, 1, 0,
                        i -> StreamRequest.greedy(MODEL, Prompts.story(prompt), plan.proxyMaxTokens(), 42));
                RunReport r = LoadRunner.run(spec, s.client(viaProxy, api)::stream, null);
                (viaProxy ? proxyRuns : directRuns).computeIfAbsent(api, a -> new ArrayList<>()).add(r);
            }
        }
        RunReport.Memory peaks = s.proxy().sampler().peaks();
        double cpu = ProcFs.cpuSeconds(s.proxy().pid()) - cpuBefore;
        long tokens = 0;
        int requests = 0;
        for (List<RunReport> runs : proxyRuns.values()) {
            for (RunReport r : runs) {
                requests += r.requests();
                tokens += r.results().stream().mapToLong(StreamResult::tokens).sum();
            }
        }
        Jcmd.gc(s.proxy().pid());
        long afterGc = rssKb(s.proxy().pid());
        long upstreamServer = rssKb(s.upstream().pid());
        int proxyThreads = ProcFs.status(s.proxy().pid()).map(ProcFs.Status::threads).orElse(-1);
        return new Result(modelFile.getFileName().toString(), Files.size(modelFile), options.threads(),
                plan.proxyPairs(), plan.proxyMaxTokens(), plan.proxyWarmup(), plan.proxyBurstWarmup(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - started) / 60e9,
                Machine.loadAverageNow(),
                Pooled.of("A direct, OpenAI", directRuns.get(Api.OPENAI)),
                Pooled.of("through B, OpenAI", proxyRuns.get(Api.OPENAI)),
                Pooled.of("A direct, Ollama", directRuns.get(Api.OLLAMA)),
                Pooled.of("through B, Ollama", proxyRuns.get(Api.OLLAMA)),
                Pooled.differences(figure(proxyRuns.get(Api.OPENAI), false), figure(directRuns.get(Api.OPENAI), false)),
                Pooled.differences(figure(proxyRuns.get(Api.OLLAMA), false), figure(directRuns.get(Api.OLLAMA), false)),
                Pooled.ratios(figure(proxyRuns.get(Api.OPENAI), true), figure(directRuns.get(Api.OPENAI), true)),
                Pooled.ratios(figure(proxyRuns.get(Api.OLLAMA), true), figure(directRuns.get(Api.OLLAMA), true)),
                same, compared, idleRss, peaks.serverPeakRssKb(), afterGc, upstreamServer, cpu, tokens, requests,
                proxyThreads);
    }

    private static long rssKb(long pid) {
        return ProcFs.status(pid).map(ProcFs.Status::rssKb).orElse(-1L);
    }

    /** Each run's decode tok/s (or TTFT in ms), NaN for a failed request. */
    private static List<Double> figure(List<RunReport> runs, boolean decode) {
        return runs.stream().map(r -> r.results().get(0))
                .map(s -> !s.ok() ? Double.NaN : decode ? s.decodeTokensPerSecond() : s.ttftMillis()).toList();
    }
}
