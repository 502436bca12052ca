package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.benchmarks.load.BenchJson;
import dev.helix.benchmarks.load.Distribution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engines section: each target's ratio against its threshold, a skipped part, and the figures in JSON. */
class EnginesMarkdownTest {
    private static SideBySide.Figures side(String label, double decode, double aggregate, double promptSpeed,
                                           double ttftShort) {
        return new SideBySide.Figures(label, Distribution.of(decode), Distribution.of(aggregate),
                Distribution.of(promptSpeed), Distribution.of(ttftShort), Distribution.of(1000), Distribution.of(500),
                Distribution.of(64), List.of());
    }

    private static EnginesScenario.Result result(SideBySide.Comparison llama, SideBySide.Comparison binding) {
        return new EnginesScenario.Result("random-50m-f32.gguf", 194_000_000, 48_502_272, "vocabulary 32000", 2, 4,
                2048, 512, 128, 10, 64, 8, 300, 300, "/install", "v0.5.0 de3ff815", "2026-11-30T23:00:00Z", 8.5,
                "1.0", llama, llama == null ? "no llama-server at /install/bin/llama-server" : null,
                llama == null ? null : "/install/bin/llama-server -t 2", binding, "passive");
    }

    private static String rowOf(String md, String start) {
        return md.lines().filter(l -> l.startsWith("| " + start)).findFirst().orElseThrow(() -> new AssertionError(
                "no row " + start + " in\n" + md));
    }

    @Test
    void eachFigureIsJudgedAgainstItsTarget() {
        var llama = new SideBySide.Comparison(side("helix ffm", 95, 94, 100, 53), side("llama-server", 100, 100, 100, 50));
        var binding = new SideBySide.Comparison(side("ffm", 100, 120, 99, 40), side("binding", 100, 100, 100, 42));
        String md = EnginesMarkdown.section(result(llama, binding));
        assertTrue(rowOf(md, "helix ffm (host-tuned) vs llama-server: one-stream").endsWith("0.95x | **pass** |"), md);
        assertTrue(rowOf(md, "helix ffm (host-tuned) vs llama-server: four-stream").endsWith("0.94x | **miss** |"));
        assertTrue(rowOf(md, "helix ffm (host-tuned) vs llama-server: TTFT").endsWith("+3.0 ms | **pass** |"));
        assertTrue(rowOf(md, "ffm vs binding, jar's library: one-stream").endsWith("1.00x | **pass** |"));
        assertTrue(rowOf(md, "ffm vs binding, jar's library: prompt speed").endsWith("0.99x | **miss** |"));
        assertTrue(rowOf(md, "ffm vs binding, jar's library: TTFT").endsWith("1.05x (-2.0 ms) | **pass** |"), md);
        var later = new SideBySide.Comparison(side("helix ffm", 95, 94, 100, 53.1), side("llama-server", 100, 100, 100, 50));
        assertTrue(rowOf(EnginesMarkdown.section(result(later, binding)), "helix ffm (host-tuned) vs llama-server: TTFT")
                .endsWith("+3.1 ms | **miss** |"));
    }

    @Test
    void withoutAnInstallTheLlamaServerPartSaysWhyAndTheBindingPartStands() {
        var binding = new SideBySide.Comparison(side("ffm", 100, 120, 99, 40), side("binding", 100, 100, 100, 41));
        String md = EnginesMarkdown.section(result(null, binding));
        assertTrue(rowOf(md, "helix ffm (host-tuned) vs llama-server").contains("not run: no llama-server at "), md);
        assertTrue(rowOf(md, "ffm vs binding, jar's library: four-stream").endsWith("1.20x | **pass** |"));
        assertTrue(md.contains("`OMP_WAIT_POLICY` was `passive` for every side"), md);
    }

    @Test
    void theFiguresSurviveResultsJson() throws Exception {
        var llama = new SideBySide.Comparison(side("helix ffm", 95, 94, 100, 53), side("llama-server", 100, 100, 100, 50));
        var r = result(llama, new SideBySide.Comparison(side("ffm", 1, 2, 3, 4), side("binding", 5, 6, 7, 8)));
        String json = BenchJson.mapper().writeValueAsString(r);
        var back = BenchJson.mapper().readValue(json, EnginesScenario.Result.class);
        assertEquals(r, back);
        assertEquals(EnginesMarkdown.section(r), EnginesMarkdown.section(back));
    }
}
