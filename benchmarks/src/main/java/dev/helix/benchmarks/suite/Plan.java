package dev.helix.benchmarks.suite;

import java.util.List;

/**
 * How much of each scenario to run. The full plan keeps the whole suite within about 10-15 minutes on 2 cores;
 * the quick plan is a smoke run of every scenario in a few minutes.
 *
 * @param quick           whether this is the smoke run
 * @param pairs           paired requests per side in the one-stream comparison (half as many units of one and of
 *                        four streams in the concurrency comparison)
 * @param maxTokens       tokens per answer in the load runs
 * @param conversations   multi-turn conversations (at most the slots)
 * @param historyTokens   history shared by a conversation's turns
 * @param startups        server starts timed
 * @param leakSequential  sequential requests in the leak run
 * @param leakBursts      bursts in the leak run
 * @param leakBurstSize   concurrent requests per burst
 * @param sweepUnits      paired units per thread count and model in the threads sweep
 * @param sweepLarge      whether the threads sweep includes the 150M models
 * @param jmhArgs         extra JMH arguments (shorter iterations for the quick plan)
 * @param warmup          short one-token requests Helix serves before the one-stream comparison: a long-running
 *                        server's code is JIT-compiled, a fresh JVM's is not (measured here: the path outside
 *                        llama.cpp took ~4 ms after 300 requests, ~2.4 ms after 3,000)
 * @param proxyPairs      paired requests (one to the upstream, one through the proxy) in the proxy comparison
 * @param proxyMaxTokens  tokens per answer in the proxy comparison: enough for a steady decode rate
 * @param proxyWarmup     warm-up rounds before the proxy comparison (a short request through each side)
 * @param proxyBurstWarmup short requests per side and API sent eight at a time before those rounds, so that both
 *                        servers' request paths reach C2 (measured with a fake upstream: B added 3.2 ms to the first
 *                        token after 300 requests, 1.0 ms after 20,000)
 * @param enginesRounds   counted rounds of each comparison of the engines scenario (Helix against llama-server,
 *                        ffm against binding), after one uncounted
 * @param enginesMaxTokens tokens per answer of its short-prompt units (one stream, four streams)
 * @param enginesLongMaxTokens tokens per answer of its long prompt (whose time to first token counts)
 * @param enginesWarmup   its warm-up requests per side
 */
record Plan(boolean quick, int pairs, int maxTokens, int conversations, int historyTokens, int startups,
            int leakSequential, int leakBursts, int leakBurstSize, int sweepUnits, boolean sweepLarge,
            List<String> jmhArgs, int warmup, int proxyPairs, int proxyMaxTokens, int proxyWarmup,
            int proxyBurstWarmup, int enginesRounds, int enginesMaxTokens, int enginesLongMaxTokens,
            int enginesWarmup) {

    static Plan fullRun() {
        return new Plan(false, 30, 32, 4, 1000, 5, 1000, 5, 200, 4, true, List.of(), 800, 160, 64, 300,
                10000, 20, 128, 8, 300);
    }

    static Plan quickRun() {
        return new Plan(true, 6, 16, 2, 1000, 2, 200, 2, 200, 2, false,
                List.of("-wi", "2", "-i", "2", "-w", "1s", "-r", "1s"), 100, 16, 32, 40, 50, 1, 8, 4, 20);
    }
}
