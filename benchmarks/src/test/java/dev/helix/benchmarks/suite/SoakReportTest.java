package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.suite.SoakOutcome.Kind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the soak judges an error body, and its section of RESULTS.md from synthetic figures. */
class SoakReportTest {

    @Test
    void anErrorBodyCountsAsShapedOnlyInItsOwnApisShape() {
        assertEquals(Kind.API_ERROR, SoakClient.refused(Api.OPENAI, 503,
                "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}")
                .kind());
        assertEquals(Kind.API_ERROR, SoakClient.refused(Api.OLLAMA, 500, "{\"error\":\"runner died\"}").kind());
        assertEquals(Kind.MALFORMED, SoakClient.refused(Api.OLLAMA, 500,
                "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}").kind(), "OpenAI's shape on Ollama's API");
        assertEquals(Kind.MALFORMED, SoakClient.refused(Api.OPENAI, 500, "{\"error\":\"x\"}").kind());
        assertEquals(Kind.MALFORMED, SoakClient.refused(Api.OPENAI, 502, "<html>Bad Gateway</html>").kind());
        assertEquals(Kind.MALFORMED, SoakClient.refused(Api.OLLAMA, 500, "").kind());
        assertEquals("HTTP 503: busy", SoakClient.refused(Api.OPENAI, 503,
                "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}").detail());
    }

    @Test
    void failuresOfOneKindCountTogether() {
        assertEquals("HTTP #: the runner (pid #) stopped for # s",
                SoakScenario.generalised("HTTP 503: the runner (pid 1234) stopped for 10 s"));
    }

    private static SoakScenario.Reading reading(long serverRssMb, int serverThreads) {
        return new SoakScenario.Reading(serverRssMb * 1024, 8 * 1024, serverThreads, 21, 100 * 1024, 18, 10, 1, 1);
    }

    private static SoakScenario.Result result(SoakScenario.Reading last, int hung, int malformed) {
        var settings = new SoakScenario.Settings(50, Duration.ofSeconds(60), Duration.ofMinutes(10), 0.2,
                Duration.ofSeconds(60), Duration.ofSeconds(120), 32, Duration.ofSeconds(10), Duration.ofSeconds(30));
        var kinds = new EnumMap<Kind, Integer>(Map.of(Kind.OK, 900, Kind.DISCONNECTED, 200, Kind.API_ERROR, 40,
                Kind.STREAM_ERROR, 3));
        if (hung > 0) {
            kinds.put(Kind.HUNG, hung);
        }
        if (malformed > 0) {
            kinds.put(Kind.MALFORMED, malformed);
        }
        var failures = new TreeMap<>(Map.of("API_ERROR HTTP #: the runner for model tiny was killed by signal #", 40,
                "STREAM_ERROR in the stream: stopped answering", 3));
        var load = new SoakScenario.Load(600, kinds.values().stream().mapToInt(Integer::intValue).sum(), kinds,
                failures);
        var warmup = new SoakScenario.Load(60, 100, new EnumMap<>(Map.of(Kind.OK, 100)), new TreeMap<>());
        var points = List.of(new SoakScenario.Point("warm-up", reading(170, 30)),
                new SoakScenario.Point("round 1", reading(172, 30)), new SoakScenario.Point("round 2", last));
        return new SoakScenario.Result(settings, warmup, load, List.of(new SoakFaults.Fault(20, "SIGKILL", 42, 0.02),
                new SoakFaults.Fault(40, "SIGSTOP", 43, 10.2)), points,
                SoakScenario.highest(points.subList(0, 1)), last, 300 * 1024, 31, 70);
    }

    @Test
    void aCleanSoakPassesEveryTarget() {
        String md = SoakMarkdown.render(result(reading(175, 30), 0, 0), "benchmarks/run.sh soak", "now", 12, "tiny",
                "1.0");
        assertTrue(md.startsWith(SoakMarkdown.BEGIN) && md.endsWith(SoakMarkdown.END), md);
        assertTrue(md.contains("| Zero hung requests | 0 of 1,143 requests | **pass** |"), md);
        assertTrue(md.contains("43 errors in the API's shape (40 as a status, 3 inside a stream), 0 other failures "
                + "| **pass**"), md);
        assertTrue(md.contains("server 30 → 30 threads, 21 → 21 files, 170 MB → 175 MB"), md);
        assertTrue(md.contains("| 40.0 | SIGSTOP | 43 | 10.20 |"), md);
        assertTrue(md.contains("other builds"), "the page says the cores were shared");
        assertTrue(md.contains("those queued in it behind its slots; requests sent after"), md);
    }

    @Test
    void hungRequestsUnshapedFailuresAndGrowthAreMisses() {
        String md = SoakMarkdown.render(result(reading(185, 33), 2, 1), "benchmarks/run.sh soak", "now", 12, "tiny",
                "1.0");
        assertTrue(md.contains("| Zero hung requests | 2 of 1,146 requests | **miss** |"), md);
        assertTrue(md.contains(", 1 other failures | **miss** |"), md);
        assertTrue(md.contains("170 MB → 185 MB") && md.contains("**miss** (tolerance"), md);
        assertEquals(3, result(reading(185, 33), 2, 1).defects(), "hung and unshaped both count");
    }

    @Test
    void theSectionReplacesAnEarlierOneOrIsAddedAndTheSuiteKeepsIt() {
        String section = SoakMarkdown.BEGIN + "\nnew\n" + SoakMarkdown.END;
        String page = "# Results\n\ntext\n\n" + SoakMarkdown.BEGIN + "\nold\n" + SoakMarkdown.END + "\n";
        assertEquals("# Results\n\ntext\n\n" + section + "\n", SoakMarkdown.into(page, section));
        assertEquals("# Results\n\n" + section + "\n", SoakMarkdown.into("# Results\n", section));
        assertEquals(SoakMarkdown.BEGIN + "\nold\n" + SoakMarkdown.END, SoakMarkdown.of(page));
        assertEquals("", SoakMarkdown.of("# Results\n"));
    }
}
