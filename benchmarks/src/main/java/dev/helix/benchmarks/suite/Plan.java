package dev.helix.benchmarks.suite;

/**
 * How much of each scenario to run. The full plan keeps the whole suite within about 10-15 minutes on 2 cores;
 * the quick plan is a smoke run of every scenario in a few minutes.
 *
 * @param rounds          interleaved rounds of the side-by-side comparisons
 * @param perRound        requests per client per round
 * @param maxTokens       tokens per answer in the load runs
 * @param conversations   multi-turn conversations (at most the slots)
 * @param historyTokens   history shared by a conversation's turns
 * @param startups        server starts timed
 * @param leakSequential  sequential requests in the leak run
 * @param leakBursts      bursts in the leak run
 * @param leakBurstSize   concurrent requests per burst
 * @param sweepLarge      whether the threads sweep includes the 150M model
 * @param jmhArgs         extra JMH arguments (shorter iterations for the quick plan)
 */
record Plan(boolean quick, int rounds, int perRound, int maxTokens, int conversations, int historyTokens, int startups,
            int leakSequential, int leakBursts, int leakBurstSize, boolean sweepLarge, java.util.List<String> jmhArgs) {

    static Plan fullRun() {
        return new Plan(false, 3, 6, 32, 4, 1000, 5, 1000, 5, 200, true, java.util.List.of());
    }

    static Plan quickRun() {
        return new Plan(true, 1, 3, 16, 2, 1000, 2, 200, 2, 200, false,
                java.util.List.of("-wi", "2", "-i", "2", "-w", "1s", "-r", "1s"));
    }
}
