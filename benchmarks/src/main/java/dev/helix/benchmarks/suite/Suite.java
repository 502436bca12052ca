package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamRequest;
import dev.helix.runtime.gguf.GgmlType;
import dev.helix.runtime.llamacpp.ThreadDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs every benchmark scenario and writes RESULTS.md (and results.json): JMH hot paths, start-up and idle memory,
 * Helix beside the binding for one stream, four streams against one, multi-turn prefix reuse, runner memory and
 * unload, a leak run, a threads sweep, Helix in front of another Helix against that one directly, and issue 15's
 * engines comparison (Helix's ffm engine against llama-server, and against the binding; {@link EnginesScenario}). With
 * {@code --only}, just the named scenarios run and their figures replace those of the page's earlier run.
 * Comparisons are ratios of figures measured side by side in interleaved
 * rounds, because these machines are noisy. Run by {@code benchmarks/run.sh}.
 */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Runs every benchmark scenario and writes RESULTS.md.")
public final class Suite implements Callable<Integer> {
    @Option(names = "--quick", description = "A smoke run of every scenario (about 3 minutes on 2 cores).")
    boolean quick;

    @Option(names = "--out", description = "The Markdown file to write, its figures as results.json beside it "
            + "(default benchmarks/RESULTS.md; with --quick benchmarks/target/bench/quick/RESULTS.md).")
    Path out;

    @Option(names = "--work", defaultValue = "benchmarks/target/bench",
            description = "Working folder: generated models (kept between runs), logs, JSON.")
    Path work;

    @Option(names = "--helix-jar", defaultValue = "server/target/helix.jar", description = "The jar to serve with.")
    Path helixJar;

    @Option(names = "--threads", defaultValue = "0",
            description = "llama.cpp threads for Helix and the baseline; 0 = what Helix picks by default.")
    int threads;

    @Option(names = "--context", defaultValue = "2048", description = "Context per slot, in tokens.")
    int context;

    @Option(names = "--parallel", defaultValue = "4", description = "KV cache slots.")
    int parallel;

    @Option(names = "--render", paramLabel = "RESULTS_JSON",
            description = "Measure nothing: write --out again from a results.json of an earlier run (after a change "
                    + "to how the page is written).")
    Path render;

    @Option(names = "--skip", split = ",", paramLabel = "SCENARIO",
            description = "Scenarios to leave out: jmh, startup, compare, leak, threads, proxy, engines.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Run only these scenarios (names as for --skip); when --out's results.json exists (from a "
                    + "run of the same kind, quick or full), their figures replace its figures for them and the page "
                    + "says so; the rest of the page stays that run's.")
    List<String> only = new ArrayList<>();

    /** The scenarios, by the names --skip and --only take. */
    static final List<String> SCENARIOS = List.of("jmh", "startup", "compare", "leak", "threads", "proxy", "engines");

    @Option(names = "--install", paramLabel = "DIR",
            description = "The native/build.sh install whose library Helix's ffm engine and whose bin/llama-server "
                    + "the engines scenario compare (default ~/.helix/native/cpu/current; without one that part is "
                    + "skipped).")
    Path install = Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");

    /** The scenario a recorded failure ("name: exception") belongs to, by the name guard() was given. */
    static String scenarioOf(String failure) {
        String name = failure.contains(":") ? failure.substring(0, failure.indexOf(':')) : failure;
        return switch (name) {
            case "one stream", "four streams", "chat", "direct chat", "runner memory" -> "compare";
            default -> name;
        };
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Suite()).execute(args));
    }

    /** The page with the soak section of the page it replaces, if that had one: the soak runs apart ({@link Soak}). */
    private String withSoak(String page) throws java.io.IOException {
        String soak = Files.exists(out) ? SoakMarkdown.of(Files.readString(out)) : "";
        return soak.isEmpty() ? page : SoakMarkdown.into(page, soak);
    }

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            out = Path.of(quick ? "benchmarks/target/bench/quick/RESULTS.md" : "benchmarks/RESULTS.md");
        }
        Path json = out.toAbsolutePath().resolveSibling("results.json");
        if (render != null) {
            Results earlier = BenchJson.mapper().readValue(render.toFile(), Results.class);
            if (!render.toAbsolutePath().normalize().equals(json.normalize())) {
                BenchJson.write(json, earlier);
            }
            Files.writeString(out, withSoak(ResultsMarkdown.render(earlier, earlier.plan().quick()
                    ? "benchmarks/run.sh --quick" : "benchmarks/run.sh")) + separate(out));
            System.out.println("wrote " + out + " from " + render);
            return 0;
        }
        for (String name : concat(skip, only)) {
            if (!SCENARIOS.contains(name)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no scenario '" + name + "': "
                        + String.join(", ", SCENARIOS));
            }
        }
        if (!only.isEmpty()) {
            SCENARIOS.stream().filter(n -> !only.contains(n)).forEach(skip::add);
        }
        long started = System.nanoTime();
        Plan plan = quick ? Plan.quickRun() : Plan.fullRun();
        Files.createDirectories(work);
        var models = new ModelFiles(work.resolve("models"));
        String classpath = System.getProperty("java.class.path");
        var children = new ChildJava(classpath, work.resolve("logs"));
        var direct = new Direct(children, work.resolve("json"));
        List<String> failures = new ArrayList<>();
        if (!Files.isRegularFile(helixJar)) {
            throw new IllegalStateException(helixJar + " is missing: build first (benchmarks/run.sh does)");
        }

        // written only for the scenarios that use it (a run of --only engines needs another model)
        boolean needsMain = !skip.contains("compare") || !skip.contains("threads");
        Path mainModel = needsMain ? models.get(ModelFiles.Preset.MEDIUM_60M, GgmlType.F32)
                : work.resolve("models").resolve(ModelFiles.fileName(ModelFiles.Preset.MEDIUM_60M, GgmlType.F32));
        long size = Files.isRegularFile(mainModel) ? Files.size(mainModel) : 0;
        int cores = Runtime.getRuntime().availableProcessors();
        int t = threads > 0 ? threads : helixDefaultThreads(size, cores);
        String threadsChoice = threads > 0 ? "--threads " + threads : "Helix's default for this size on " + cores
                + " cores";
        var settings = new Direct.Settings(t, parallel, context);
        String name = "bench";

        JmhScenario.Result jmh = null;
        if (!skip.contains("jmh")) {
            step("JMH hot paths");
            jmh = guard(failures, "jmh", () -> JmhScenario.run(children, work.resolve("json/jmh.json"), plan.jmhArgs()));
        }
        StartupScenario.Result startup = null;
        if (!skip.contains("startup")) {
            step("start-up and idle memory");
            startup = guard(failures, "startup", () -> StartupScenario.run(helixJar, work.resolve("startup"),
                    plan.startups()));
        }
        OverheadScenario.Result overhead = null;
        ConcurrencyScenario.Result concurrency = null;
        ChatScenario.Report helixChat = null;
        ChatScenario.Report directChat = null;
        RunnerMemoryScenario.Result runner = null;
        double loadMillis = Double.NaN;
        if (!skip.contains("compare")) {
            step("Helix beside the binding (" + mainModel.getFileName() + ", " + t + " thread(s), " + parallel
                    + " slots, context " + context + " per slot)");
            try (var helix = HelixUnderTest.start(helixJar, work.resolve("helix"), Map.of(name, mainModel),
                    new HelixUnderTest.Options(context, parallel, t));
                 var baseline = DirectProcess.start(classpath, name, mainModel, settings, work.resolve("json"),
                         work.resolve("logs/direct-" + mainModel.getFileName() + ".log"))) {
                loadMillis = helix.load(name);
                overhead = guard(failures, "one stream", () -> OverheadScenario.run(helix, name, baseline, plan));
                step("four streams against one");
                concurrency = guard(failures, "four streams", () -> ConcurrencyScenario.run(helix, name, baseline,
                        plan));
                step("multi-turn chat");
                helixChat = guard(failures, "chat", () -> chat(helix, name, plan));
                directChat = guard(failures, "direct chat", () -> direct.chat("direct-chat", name, mainModel, settings,
                        plan.conversations(), plan.historyTokens(), plan.maxTokens()));
                step("runner memory and unload");
                double computeBuffer = RunnerMemoryScenario.computeBufferMib(baseline.log());
                runner = guard(failures, "runner memory", () -> RunnerMemoryScenario.run(helix, name, mainModel,
                        context, parallel).withComputeBuffer(computeBuffer));
            }
        }
        LeakScenario.Result leak = null;
        if (!skip.contains("leak")) {
            step("leak run: " + plan.leakSequential() + " sequential, " + plan.leakBursts() + " burst(s) of "
                    + plan.leakBurstSize());
            Path tiny = models.get(ModelFiles.Preset.TINY, GgmlType.F16);
            try (var helix = HelixUnderTest.start(helixJar, work.resolve("helix-leak"), Map.of("tiny", tiny),
                    new HelixUnderTest.Options(512, parallel, 1))) {
                helix.load("tiny");
                leak = guard(failures, "leak", () -> LeakScenario.run(helix, "tiny", plan));
            }
        }
        ThreadsScenario.Result sweep = null;
        if (!skip.contains("threads")) {
            step("threads per model size");
            sweep = guard(failures, "threads", () -> ThreadsScenario.run(models, classpath, work, plan, context,
                    parallel, List.of(mainModel)));
        }
        ProxyScenario.Result proxy = null;
        ProxyScenario.Result proxyShared = null;
        if (!skip.contains("proxy")) {
            Path small = models.get(ModelFiles.Preset.SMALL_15M, GgmlType.F16);
            int all = threads > 0 ? threads : helixDefaultThreads(Files.size(small), cores);
            // The proxy's own cost: A's llama.cpp leaves a core to the servers and the client, as an upstream on its
            // own machine or GPU leaves the cores Helix runs on. Then the same with every core to llama.cpp, where
            // B's CPU comes out of A's decoding too.
            int spare = Math.max(1, Math.min(all, cores - 1));
            step("Helix in front of Helix (" + small.getFileName() + ", " + spare + " thread(s)): " + plan.proxyPairs()
                    + " pairs of " + plan.proxyMaxTokens() + " tokens after " + plan.proxyWarmup() + " warm-up rounds");
            proxy = guard(failures, "proxy", () -> ProxyScenario.run(helixJar, work.resolve("proxy"), small,
                    new HelixUnderTest.Options(context, parallel, spare), plan));
            if (spare != all) {
                step("Helix in front of Helix, every core to A's llama.cpp (" + all + " thread(s))");
                proxyShared = guard(failures, "proxy", () -> ProxyScenario.run(helixJar,
                        work.resolve("proxy-shared"), small, new HelixUnderTest.Options(context, parallel, all), plan));
            }
        }
        EnginesScenario.Result engines = null;
        if (!skip.contains("engines")) {
            int et = threads > 0 ? threads : EnginesScenario.DEFAULT_THREADS;
            step("issue 15: Helix against llama-server, engine ffm against the binding (" + et + " threads, "
                    + parallel + " slots, context " + context + " per slot)");
            engines = guard(failures, "engines", () -> EnginesScenario.run(helixJar, work.resolve("engines"), models,
                    install, plan, et, parallel, context));
            if (engines != null) {
                System.out.println(EnginesMarkdown.section(engines));
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        var results = new Results(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), minutes, Machine.current(),
                plan, mainModel.getFileName().toString(), size, settings, threadsChoice, loadMillis, jmh, startup,
                overhead, concurrency, helixChat, directChat, runner, leak, sweep, proxy, proxyShared, engines,
                failures, List.of());
        String command = quick ? "benchmarks/run.sh --quick" : "benchmarks/run.sh";
        if (!only.isEmpty()) {
            String rerun = command + " --only " + String.join(",", only);
            Path own = work.resolve("json/only-" + String.join("-", only) + ".json");
            BenchJson.write(own, results);
            if (Files.isRegularFile(json)) {
                Results earlier = BenchJson.mapper().readValue(json.toFile(), Results.class);
                if (earlier.plan().quick() != quick) {
                    System.out.println("not merged into " + json + ": it is from a " + (quick ? "full" : "quick")
                            + " run; this run's figures are in " + own);
                    return failures.isEmpty() ? 0 : 1;
                }
                results = earlier.withRerun(results, new java.util.LinkedHashSet<>(only), rerun, Suite::scenarioOf);
            } else {
                command = rerun;
            }
        }
        BenchJson.write(json, results);
        Files.writeString(out, withSoak(ResultsMarkdown.render(results, command)) + separate(out));
        System.out.printf(Locale.ROOT, "wrote %s and %s in %.1f minutes%s%n", out, json, minutes,
                failures.isEmpty() ? "" : "; failed: " + failures);
        return failures.isEmpty() ? 0 : 1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The multi-turn scenario on Helix, after one throw-away request. */
    private static ChatScenario.Report chat(HelixUnderTest helix, String model, Plan plan) {
        try (StreamClient client = helix.client(Api.OPENAI)) {
            client.stream(StreamRequest.greedy(model, Prompts.story(-1), 1, 42));
            return new ChatScenario(model, plan.conversations(), plan.historyTokens(), plan.maxTokens(), 42)
                    .run(client::stream);
        }
    }

    /**
     * Helix's default generation thread count, from the runtime itself ({@link ThreadDefaults}); the models measured
     * here get the same count for prompts. Pass --threads to measure another.
     */
    static int helixDefaultThreads(long fileSize, int cores) {
        return ThreadDefaults.decode(fileSize, cores);
    }

    private static void step(String what) {
        System.out.printf("[%s] %s%n", java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS), what);
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs a scenario; a failure is recorded and reported in RESULTS.md rather than ending the suite. */
    private static <T> T guard(List<String> failures, String name, Step<T> step) {
        try {
            return step.run();
        } catch (Exception e) {
            failures.add(name + ": " + e);
            System.out.println("  " + name + " failed: " + e);
            return null;
        }
    }

    /** The pages of figures measured outside the suite, which sit in {@code results/} beside the page. */
    private static String separate(Path page) {
        return SeparateResults.section(page.toAbsolutePath().resolveSibling("results"));
    }
}
