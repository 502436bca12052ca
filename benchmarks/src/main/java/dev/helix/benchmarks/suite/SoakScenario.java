package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.ProcFs;
import dev.helix.benchmarks.load.ProcessSampler;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.benchmarks.suite.SoakOutcome.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Many clients for a long time against one server whose runner is killed and stopped every so often
 * ({@link SoakFaults}): each client sends streamed chat requests back to back, through the OpenAI and the Ollama API
 * in turn, and a share of them go away after the first token. First a warm-up of the same load without faults;
 * settled readings of the server and its runner (threads, open files, RSS after a full GC in each JVM) after it and
 * after each round show whether anything stays behind.
 */
final class SoakScenario {
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** What the soak does. */
    record Settings(int clients, Duration warmup, Duration length, double disconnectShare, Duration faultPeriod,
                    Duration hangLimit, int maxTokens, Duration stallTimeout, Duration queueTimeout) {}

    /** One settled reading: the server alone, its runners together, and the runner folders in its temp folder. */
    record Reading(long serverRssKb, long serverHeapKb, int serverThreads, int serverFiles, long runnerRssKb,
                   int runnerThreads, int runnerFiles, int runners, int runnerFolders) {}

    /**
     * What a phase of load did.
     *
     * @param outcomes how the requests ended, by kind
     * @param failures each failure's status and message (numbers and pids replaced by #), by count
     */
    record Load(double seconds, int requests, Map<Kind, Integer> outcomes, Map<String, Integer> failures) {
        int count(Kind kind) {
            return outcomes.getOrDefault(kind, 0);
        }

        Load plus(Load other) {
            var kinds = new EnumMap<Kind, Integer>(Kind.class);
            kinds.putAll(outcomes);
            other.outcomes.forEach((k, n) -> kinds.merge(k, n, Integer::sum));
            var messages = new TreeMap<>(failures);
            other.failures.forEach((m, n) -> messages.merge(m, n, Integer::sum));
            return new Load(seconds + other.seconds, requests + other.requests, kinds, messages);
        }
    }

    /** A settled reading and what came before it. */
    record Point(String after, Reading reading) {}

    record Result(Settings settings, Load warmup, Load soak, List<SoakFaults.Fault> faults, List<Point> points,
                  Reading plateau, Reading after, long peakServerRssKb, int peakServerThreads, int peakServerFiles) {
        /** Requests that ended in a way a client cannot act on: hung, cut, or an error not in the API's shape. */
        int defects() {
            return soak.outcomes.entrySet().stream().filter(e -> e.getKey().defect()).mapToInt(Map.Entry::getValue).sum();
        }
    }

    private SoakScenario() {}

    /**
     * The warm-up, then rounds of one fault period each (load with a kill and a stop), each followed by a settled
     * reading with no load. The plateau is the highest of the first half of the readings (warm-up included), per
     * figure; the last reading must not be above it.
     */
    static Result run(HelixUnderTest helix, String model, Settings settings, Path tmp) throws InterruptedException {
        System.out.println("warm-up: " + settings.clients() + " clients for " + settings.warmup().toSeconds() + " s");
        Load warmup = load(helix, model, settings, settings.warmup(), 0);
        List<Point> points = new ArrayList<>();
        points.add(new Point("warm-up", settle(helix, model, tmp)));
        System.out.println("after the warm-up: " + points.getLast().reading());
        long rounds = Math.max(1, settings.length().toNanos() / settings.faultPeriod().toNanos());
        System.out.println("soak: " + settings.clients() + " clients, " + rounds + " rounds of "
                + settings.faultPeriod().toSeconds() + " s, each with a runner killed and one stopped");
        int firstSample = helix.sampler().samples().size();
        Load soak = new Load(0, 0, new EnumMap<>(Kind.class), new TreeMap<>());
        List<SoakFaults.Fault> faults = new ArrayList<>();
        long soakStart = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            var injector = new SoakFaults(helix.pid(), settings.faultPeriod(), soakStart);
            try {
                soak = soak.plus(load(helix, model, settings, settings.faultPeriod(), 1_000_000 * (round + 1)));
            } finally {
                injector.close(); // the round's stopped runner is gone before the reading
            }
            faults.addAll(injector.faults());
            points.add(new Point("round " + (round + 1), settle(helix, model, tmp)));
            System.out.println("after round " + (round + 1) + ": " + points.getLast().reading());
        }
        var during = helix.sampler().samples();
        during = during.subList(Math.min(firstSample, during.size()), during.size());
        long peakServer = during.stream().mapToLong(s -> s.server().rssKb()).max().orElse(0);
        int peakThreads = during.stream().mapToInt(s -> s.server().threads()).max().orElse(0);
        int peakFiles = during.stream().mapToInt(s -> s.server().openFiles()).max().orElse(0);
        Reading plateau = highest(points.subList(0, Math.max(1, points.size() / 2)));
        return new Result(settings, warmup, soak, faults, points, plateau, points.getLast().reading(), peakServer,
                peakThreads, peakFiles);
    }

    /** The highest of each figure over some readings. */
    static Reading highest(List<Point> points) {
        var r = points.stream().map(Point::reading).toList();
        return new Reading(r.stream().mapToLong(Reading::serverRssKb).max().orElse(0),
                r.stream().mapToLong(Reading::serverHeapKb).max().orElse(0),
                r.stream().mapToInt(Reading::serverThreads).max().orElse(0),
                r.stream().mapToInt(Reading::serverFiles).max().orElse(0),
                r.stream().mapToLong(Reading::runnerRssKb).max().orElse(0),
                r.stream().mapToInt(Reading::runnerThreads).max().orElse(0),
                r.stream().mapToInt(Reading::runnerFiles).max().orElse(0),
                r.stream().mapToInt(Reading::runners).max().orElse(0),
                r.stream().mapToInt(Reading::runnerFolders).max().orElse(0));
    }

    /** The clients, each sending requests back to back until {@code length} is over; returns when all are done. */
    private static Load load(HelixUnderTest helix, String model, Settings settings, Duration length, int firstPrompt)
            throws InterruptedException {
        var outcomes = new ConcurrentHashMap<Kind, AtomicInteger>();
        var failures = new ConcurrentHashMap<String, AtomicInteger>();
        var next = new AtomicInteger(firstPrompt);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (var client = new SoakClient(helix.url(), settings.hangLimit())) {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < settings.clients(); c++) {
                var random = new SplittableRandom(c);
                threads.add(Thread.ofVirtual().name("soak-client-" + c).start(() -> {
                    while (System.nanoTime() - end < 0) {
                        int i = next.getAndIncrement();
                        Api api = i % 2 == 0 ? Api.OPENAI : Api.OLLAMA;
                        boolean leave = random.nextDouble() < settings.disconnectShare();
                        SoakOutcome outcome = client.send(api, StreamRequest.greedy(model, Prompts.story(i),
                                settings.maxTokens(), 42), leave);
                        outcomes.computeIfAbsent(outcome.kind(), k -> new AtomicInteger()).incrementAndGet();
                        if (!outcome.detail().isEmpty()) {
                            failures.computeIfAbsent(outcome.kind() + " " + generalised(outcome.detail()),
                                    k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        var byKind = new EnumMap<Kind, Integer>(Kind.class);
        outcomes.forEach((k, n) -> byKind.put(k, n.get()));
        var byMessage = new TreeMap<String, Integer>();
        failures.forEach((m, n) -> byMessage.put(m, n.get()));
        int requests = byKind.values().stream().mapToInt(Integer::intValue).sum();
        return new Load((System.nanoTime() - start) / 1e9, requests, byKind, byMessage);
    }

    /** A failure's message with its numbers (pids, seconds, ids) as #, so that failures of one kind count together. */
    static String generalised(String message) {
        return message.replaceAll("\\d+", "#");
    }

    /** With no load: the model loaded (a new runner, if the last was killed), a full GC in each JVM, a rest. */
    private static Reading settle(HelixUnderTest helix, String model, Path tmp) throws InterruptedException {
        helix.load(model);
        Jcmd.gc(helix.pid());
        ProcFs.descendants(helix.pid()).forEach(Jcmd::gc);
        Thread.sleep(SETTLE);
        ProcessSampler.Sample s = helix.sampler().sample();
        return new Reading(s.server().rssKb(), Jcmd.heapUsedKb(helix.pid()), s.server().threads(),
                s.server().openFiles(), s.runners().rssKb(),
                s.runners().threads(), s.runners().openFiles(), s.runners().processes(), runnerFolders(tmp));
    }

    private static int runnerFolders(Path tmp) {
        try (Stream<Path> entries = Files.list(tmp)) {
            return (int) entries.filter(p -> p.getFileName().toString().startsWith("helix-runner-")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
