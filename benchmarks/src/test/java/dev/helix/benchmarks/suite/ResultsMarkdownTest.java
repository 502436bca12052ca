package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.benchmarks.load.ChatScenario;
import dev.helix.benchmarks.load.Distribution;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.benchmarks.load.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RESULTS.md from synthetic figures: every target row, its verdict, and a note for each miss. */
class ResultsMarkdownTest {
    private static final long MS = 1_000_000;
    private static final Machine MACHINE = new Machine("AMD EPYC", 2, "avx2", 24_000, "Linux", "JDK 25", "1.0");
    private static final Direct.Settings SETTINGS = new Direct.Settings(1, 4, 2048);

    /** A round of {@code n} requests with the given TTFT and decode speed (32 tokens each). */
    private static RunReport round(String label, int n, double ttftMs, double decode, double cpuCores) {
        List<StreamResult> results = new ArrayList<>();
        long ttft = Math.round(ttftMs * MS);
        long last = ttft + Math.round(31 / decode * 1e9);
        for (int i = 0; i < n; i++) {
            results.add(new StreamResult(true, null, ttft, last, last, 32, 60, 32, "same"));
        }
        long wall = n * last;
        var memory = new RunReport.Memory(100_000, 400_000, 500_000, 110_000, 420_000, 50, 30,
                cpuCores * wall / 1e9, 0, 10);
        return RunReport.of(label, 1, results, wall, memory);
    }

    private static Results results() {
        var direct = Pooled.of("direct", List.of(round("d", 6, 100, 60, 1)));
        var openai = Pooled.of("openai", List.of(round("o", 6, 110, 50, 1)));
        var ollama = Pooled.of("ollama", List.of(round("n", 6, 102, 59.5, 1)));
        var overhead = new OverheadScenario.Result(direct, openai, ollama, Distribution.of(0.8, 0.86, 0.9),
                Distribution.of(0.99, 0.98, 1.0), Distribution.of(9, 10, 11), Distribution.of(1, 2, 3), 6, 6);
        var c1 = Pooled.of("helix x1", List.of(round("h1", 6, 100, 60, 1)));
        var c4 = Pooled.of("helix x4", List.of(round("h4", 24, 400, 20, 1.2)));
        var concurrency = new ConcurrencyScenario.Result(c1, c4, c1, c4, Distribution.of(1.3), Distribution.of(1.5),
                Distribution.of(1.33), Distribution.of(1.4), Map.of());
        var chat = new ChatScenario.Report(4, 0, Distribution.of(4000, 4100), Distribution.of(200, 220),
                Distribution.of(0.05, 0.054), Distribution.of(1040), Distribution.of(1080), Map.of());
        var startup = new StartupScenario.Result(3, Distribution.of(900, 950, 1000), Distribution.of(300, 320, 310),
                Distribution.of(700), Distribution.of(500), Distribution.of(120, 125, 130), Distribution.of(25, 25, 26));
        var runner = new RunnerMemoryScenario.Result(240L << 20, 128L << 20, 540_000, 560_000, 530 * 1024, true, 420,
                100_000, 0, 148.01);
        var p0 = new LeakScenario.Point("warm-up", 0, 100_000, 28, 20, 99_000, 18, 9);
        var p1 = new LeakScenario.Point("sequential 250", 250, 101_000, 28, 20, 99_000, 18, 9);
        var p2 = new LeakScenario.Point("sequential 500", 500, 101_500, 28, 20, 99_100, 18, 9);
        var leak = new LeakScenario.Result(List.of(p0, p1, p2), 500, 0, Map.of(), 40,
                LeakScenario.growth(List.of(p1, p2)), null);
        var threads = new ThreadsScenario.Result(List.of(
                new ThreadsScenario.Row("random-60m-f32", 240L << 20, 1, 60, 250, 30, 40, 0.9, Distribution.of(1, 1),
                        Distribution.of(1, 1)),
                new ThreadsScenario.Row("random-60m-f32", 240L << 20, 2, 50, 130, 33, 55, 1.1,
                        Distribution.of(0.82, 0.84), Distribution.of(0.52, 0.5))));
        var jmh = new JmhScenario.Result(List.of(new JmhScenario.Row("RoutingBenchmark.acquireAndRelease",
                "models=1", 150.5, 3.2, "ns/op")));
        return new Results("2026-01-01T00:00:00Z", 12.5, MACHINE, Plan.fullRun(), "random-60m-f32.gguf", 240L << 20,
                SETTINGS, "Helix's default", 900, jmh, startup, overhead, concurrency, chat, chat, runner, leak,
                threads, proxy(1, Distribution.of(0.5, 0.8, 1.4), Distribution.of(0.95, 0.97, 0.99)),
                proxy(2, Distribution.of(0.9, 1.3, 2.0), Distribution.of(0.9, 0.94, 0.96)), null, List.of(), List.of());
    }

    private static ProxyScenario.Result proxy(int threads, Distribution addedTtft, Distribution decodeRatio) {
        var a = Pooled.of("A direct, OpenAI", List.of(round("a", 6, 20, 240, 1)));
        var b = Pooled.of("through B, OpenAI", List.of(round("b", 6, 20.8, 233, 1)));
        return new ProxyScenario.Result("random-15m-f16.gguf", 30_000_000, threads, 6, 64, 100, 400,
                "2026-01-02T00:00:00Z", 1.5,
                "1.5", a, b, a, b, addedTtft, addedTtft, decodeRatio, decodeRatio, 4, 4, 110_000, 150_000, 120_000,
                130_000, 0.5, 6 * 32, 6, 40);
    }

    private static String row(String markdown, String startsWith) {
        return markdown.lines().filter(l -> l.startsWith("| " + startsWith)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + startsWith + " in\n" + markdown));
    }

    @Test
    void everyTargetHasItsVerdictAndEveryMissANote() {
        String md = ResultsMarkdown.render(results(), "benchmarks/run.sh");
        assertTrue(md.startsWith("# Helix benchmark results\n\nGenerated by `benchmarks/run.sh`"), md);
        assertTrue(row(md, "Helix full path (HTTP").contains("0.86x / 0.99x (paired; middle half 0.83–0.88")
                && row(md, "Helix full path (HTTP").endsWith("**miss** |"), row(md, "Helix full path (HTTP"));
        assertTrue(row(md, "Helix full path, one stream: added").contains("+10.0 ms / +2.0 ms"));
        assertTrue(row(md, "Server start to ready").contains("a bare JVM (`java -version`) 310 ms; with AppCDS 700 ms"));
        assertTrue(md.contains("- **Start-up without code changes**"), "the AppCDS figures are a lead");
        assertTrue(row(md, "Four concurrent").contains("Helix 1.30x, binding 1.50x")
                && row(md, "Four concurrent").endsWith("**miss** |"));
        assertTrue(row(md, "No request fails").endsWith("**pass** |"));
        assertTrue(row(md, "Multi-turn").contains("p50 0.05x") && row(md, "Multi-turn").endsWith("**pass** |"));
        assertTrue(row(md, "Server start to ready").endsWith("**pass** |"));
        assertTrue(row(md, "Idle server RSS").endsWith("**pass** |"));
        assertTrue(row(md, "A runner's RSS").endsWith("**miss** |"), row(md, "A runner's RSS"));
        assertTrue(row(md, "After unload").endsWith("**pass** |"));
        assertTrue(row(md, "1,000 sequential").contains("bursts – (one reading)")
                && row(md, "1,000 sequential").endsWith("**pass** |"), row(md, "1,000 sequential"));
        int picked = dev.helix.runtime.llamacpp.ThreadDefaults.decode(240L << 20, Runtime.getRuntime().availableProcessors());
        assertTrue(row(md, "Default threads").contains("decode fastest at 1, Helix picks " + picked),
                row(md, "Default threads"));
        for (String note : List.of("**One-stream decode**", "**Added TTFT**", "**Four streams**", "**Runner RSS**")) {
            assertTrue(md.contains("- " + note), note);
        }
        assertFalse(md.contains("- **Multi-turn**"), "no note for a pass");
        assertTrue(md.contains("### Leads the figures give for tuning"));
        assertTrue(md.contains("148 MiB for this model"), "the runner note cites llama.cpp's compute buffer");
        assertTrue(md.contains("| RoutingBenchmark.acquireAndRelease | models=1 | 150.500 | 3.200 | ns/op |"), md);
        assertTrue(row(md, "Helix in front of an upstream (Helix B → Helix A, random-15m-f16, 1 llama.cpp thread(s))")
                .contains("+0.80 ms / +0.80 ms at p50, +1.28 / +1.28 ms at p90")
                && row(md, "Helix in front of an upstream (Helix B").endsWith("**pass** |"),
                row(md, "Helix in front of an upstream (Helix B"));
        assertTrue(row(md, "Helix in front of an upstream, one stream: decode").contains("0.97x / 0.97x")
                && row(md, "Helix in front of an upstream, one stream: decode").endsWith("**miss** |"));
        assertTrue(row(md, "The same with every core to A's llama.cpp (2 thread(s) on 2 cores)")
                .contains("TTFT +1.30 / +1.30 ms, decode 0.94x / 0.94x") && row(md, "The same with every core")
                .endsWith("reported (no target) |"), row(md, "The same with every core"));
        assertTrue(row(md, "What the proxy costs").contains("peak while streaming 146 MB")
                && row(md, "What the proxy costs").contains("2,604 µs per token"), row(md, "What the proxy costs"));
        assertTrue(md.contains("- **Proxy decode** 0.97x of A's own rate, 1.0 points under the target"), md);
        assertFalse(md.contains("- **Proxy TTFT**"), "no note for a pass");
        assertTrue(md.contains("### Helix in front of Helix"));
    }

    @Test
    void aScenarioRunAloneReplacesItsFiguresAndThePageSaysSo() throws Exception {
        Results first = results();
        var fresh = new Results("2026-01-03T00:00:00Z", 2.5, MACHINE, Plan.fullRun(), "random-60m-f32.gguf", 1, SETTINGS,
                "", Double.NaN, null, null, null, null, null, null, null, null, null,
                proxy(1, Distribution.of(1.5, 1.6, 1.7), Distribution.of(0.99)), null, null, List.of("proxy: late"),
                List.of());
        var withFailure = new Results(first.generatedAt(), first.minutes(), MACHINE, first.plan(), first.model(),
                first.modelBytes(), SETTINGS, first.threadsChoice(), first.helixLoadMillis(), first.jmh(),
                first.startup(), first.overhead(), first.concurrency(), first.helixChat(), first.directChat(),
                first.runner(), first.leak(), first.threads(), first.proxy(), first.proxyShared(), first.engines(),
                List.of("proxy: early", "one stream: boom"), List.of());
        Results merged = withFailure.withRerun(fresh, java.util.Set.of("proxy"), "benchmarks/run.sh --only proxy",
                Suite::scenarioOf);
        assertEquals(first.overhead(), merged.overhead(), "what was not rerun stays");
        assertEquals(fresh.proxy(), merged.proxy());
        assertEquals(List.of("one stream: boom", "proxy: late"), merged.failures());
        String md = ResultsMarkdown.render(merged, "benchmarks/run.sh");
        assertTrue(md.contains("Measured again alone afterwards, by `benchmarks/run.sh --only proxy` at "
                + "2026-01-03T00:00:00Z in 2.5 minutes"), md);
        assertTrue(row(md, "Helix in front of an upstream (Helix B").contains("+1.60 ms")
                && row(md, "Helix in front of an upstream (Helix B").endsWith("**miss** |"));
        assertTrue(md.contains("- **Proxy TTFT** +1.60 ms at p50 through B, 0.60 ms over the target"), md);
        var json = dev.helix.benchmarks.load.BenchJson.mapper();
        assertEquals(md, ResultsMarkdown.render(json.readValue(json.writeValueAsBytes(merged), Results.class),
                "benchmarks/run.sh"));
    }

    @Test
    void resultsSurviveTheirJsonSoThePageCanBeWrittenAgain() throws Exception {
        Results r = results();
        var json = dev.helix.benchmarks.load.BenchJson.mapper();
        Results back = json.readValue(json.writeValueAsBytes(r), Results.class);
        assertEquals(ResultsMarkdown.render(r, "x"), ResultsMarkdown.render(back, "x"));
    }

    @Test
    void leakGrowthIsOverThePhasesWarmUpPlateau() {
        var plateau = List.of(point(128_000), point(140_000), point(140_500), point(141_000), point(141_000));
        assertEquals(1_000, LeakScenario.growth(plateau).serverRssKb(), "last over the first half's highest");
        assertTrue(LeakScenario.growth(plateau).none());
        var leak = List.of(point(100_000), point(120_000), point(140_000), point(160_000));
        assertEquals(40_000, LeakScenario.growth(leak).serverRssKb());
        assertFalse(LeakScenario.growth(leak).none());
        assertEquals(null, LeakScenario.growth(List.of(point(1))));
    }

    private static LeakScenario.Point point(long serverRssKb) {
        return new LeakScenario.Point("x", 0, serverRssKb, 28, 20, 99_000, 18, 9);
    }

    @Test
    void skippedScenariosAreSaidToBeNotRun() {
        var r = results();
        var skipped = new Results(r.generatedAt(), 1, MACHINE, Plan.quickRun(), r.model(), r.modelBytes(), SETTINGS,
                "", Double.NaN, null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("jmh: boom"), List.of());
        String md = ResultsMarkdown.render(skipped, "benchmarks/run.sh --quick");
        assertTrue(md.contains("a **quick** smoke run"));
        assertTrue(md.contains("**Scenarios that failed in this run:** jmh: boom"));
        assertEquals(13, md.lines().filter(l -> l.contains("| not run |")).count(), md);
    }
}
