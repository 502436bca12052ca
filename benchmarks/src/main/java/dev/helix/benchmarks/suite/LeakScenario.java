package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.LoadRunner;
import dev.helix.benchmarks.load.LoadSpec;
import dev.helix.benchmarks.load.ProcessSampler;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many requests against one server and runner: sequential requests, then bursts of concurrent ones, with the
 * server's and the runner's resident memory, threads and open files read at settled points: each chunk's client
 * closed (its connections gone), a full GC in both JVMs ({@code jcmd GC.run}, so heap not yet collected does not
 * count as growth, and G1 returns what it does not need), then a pause. Growth is per phase: its last reading over
 * the highest of the phase's first half (the warm-up plateau); a leak keeps growing after it, a plateau does not.
 */
final class LeakScenario {
    static final int MAX_TOKENS = 8;
    private static final int WARMUP = 50;
    private static final long SETTLE_MILLIS = 1500;

    /** One settled reading. */
    record Point(String after, int requestsSoFar, long serverRssKb, int serverThreads, int serverFiles,
                 long runnerRssKb, int runnerThreads, int runnerFiles) {}

    record Result(List<Point> points, int requests, int errors, Map<String, Integer> errorMessages, double seconds,
                  Growth sequential, Growth bursts) {
        boolean noGrowth() {
            return (sequential == null || sequential.none()) && (bursts == null || bursts.none());
        }
    }

    /** A phase's last settled reading over its warm-up plateau, per figure. */
    record Growth(long serverRssKb, int serverThreads, int serverFiles, long runnerRssKb, int runnerThreads,
                  int runnerFiles) {
        static final long RSS_TOLERANCE_KB = 10 * 1024;
        static final int COUNT_TOLERANCE = 2;

        boolean none() {
            return serverRssKb <= RSS_TOLERANCE_KB && runnerRssKb <= RSS_TOLERANCE_KB
                    && serverThreads <= COUNT_TOLERANCE && runnerThreads <= COUNT_TOLERANCE
                    && serverFiles <= COUNT_TOLERANCE && runnerFiles <= COUNT_TOLERANCE;
        }

        /** The last reading over the highest of the earlier ones, per figure. */
        static Growth beyond(List<Point> plateau, Point last) {
            return new Growth(last.serverRssKb() - max(plateau, Point::serverRssKb),
                    (int) (last.serverThreads() - max(plateau, Point::serverThreads)),
                    (int) (last.serverFiles() - max(plateau, Point::serverFiles)),
                    last.runnerRssKb() - max(plateau, Point::runnerRssKb),
                    (int) (last.runnerThreads() - max(plateau, Point::runnerThreads)),
                    (int) (last.runnerFiles() - max(plateau, Point::runnerFiles)));
        }

        private static long max(List<Point> points, java.util.function.ToLongFunction<Point> figure) {
            return points.stream().mapToLong(figure).max().orElseThrow();
        }
    }

    private LeakScenario() {}

    static Result run(HelixUnderTest helix, String model, Plan plan) throws InterruptedException {
        List<Point> points = new ArrayList<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        int requests = 0;
        int failed = 0;
        long start = System.nanoTime();
        phase(helix, model, "warm-up", 1, WARMUP, 0);
        points.add(settle(helix, "warm-up (" + WARMUP + " requests, not counted)", 0));
        int chunk = Math.max(1, plan.leakSequential() / 4);
        int firstSequential = points.size();
        for (int done = 0; done < plan.leakSequential(); done += chunk) {
            RunReport r = phase(helix, model, "sequential", 1, chunk, done);
            requests += r.requests();
            failed += r.errors();
            r.errorMessages().forEach((m, n) -> errors.merge(m, n, Integer::sum));
            points.add(settle(helix, "sequential " + (done + chunk), requests));
        }
        int firstBurst = points.size();
        for (int b = 0; b < plan.leakBursts(); b++) {
            RunReport r = phase(helix, model, "burst", plan.leakBurstSize(), plan.leakBurstSize(),
                    100_000 + b * plan.leakBurstSize());
            requests += r.requests();
            failed += r.errors();
            r.errorMessages().forEach((m, n) -> errors.merge(m, n, Integer::sum));
            points.add(settle(helix, "burst " + (b + 1) + " of " + plan.leakBurstSize() + " at once", requests));
        }
        return new Result(points, requests, failed, errors, (System.nanoTime() - start) / 1e9,
                growth(points.subList(firstSequential, firstBurst)), growth(points.subList(firstBurst, points.size())));
    }

    /** A phase's last reading over its first half's highest (its warm-up plateau), or null with fewer than two. */
    static Growth growth(List<Point> phase) {
        if (phase.size() < 2) {
            return null;
        }
        return Growth.beyond(phase.subList(0, Math.max(1, phase.size() / 2)), phase.get(phase.size() - 1));
    }

    /** One phase on a client of its own, closed afterwards so its connections do not count as the server's files. */
    private static RunReport phase(HelixUnderTest helix, String model, String label, int concurrency, int count,
                                   int first) {
        try (StreamClient client = helix.client(Api.OPENAI)) {
            var spec = new LoadSpec(label, concurrency, count, 0,
                    i -> StreamRequest.greedy(model, Prompts.story(first + i), MAX_TOKENS, 42));
            return LoadRunner.run(spec, client::stream, null);
        }
    }

    private static Point settle(HelixUnderTest helix, String after, int requests) throws InterruptedException {
        Jcmd.gc(helix.pid());
        helix.runnerPid().ifPresent(Jcmd::gc);
        Thread.sleep(SETTLE_MILLIS);
        ProcessSampler.Sample s = helix.sampler().sample();
        return new Point(after, requests, s.server().rssKb(), s.server().threads(), s.server().openFiles(),
                s.runners().rssKb(), s.runners().threads(), s.runners().openFiles());
    }

}
