package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {
    private static final double EXACT = 1e-9;
    private static final long MS = 1_000_000;

    private static StreamResult ok(long ttftMs, long lastMs, int tokens) {
        return new StreamResult(true, null, ttftMs * MS, lastMs * MS, (lastMs + 5) * MS, tokens, 20, tokens, "x");
    }

    @Test
    void decodeSpeedIsTokensAfterTheFirstOverTimeAfterTheFirst() {
        assertEquals(10, ok(100, 1100, 11).decodeTokensPerSecond(), EXACT);
        assertEquals(0, ok(100, 100, 1).decodeTokensPerSecond(), EXACT);
        assertEquals(250, ok(250, 1100, 11).ttftMillis(), EXACT);
    }

    @Test
    void aRunSummarisesSuccessesAndCountsFailuresByMessage() {
        var results = List.of(ok(100, 1100, 11), ok(200, 700, 6), ok(300, 2300, 21),
                StreamResult.failed("HTTP 503: busy", 5 * MS), StreamResult.failed("HTTP 503: busy", 5 * MS),
                StreamResult.failed("timed out", 5 * MS));
        RunReport r = RunReport.of("test", 2, results, 2_000 * MS, null);
        assertEquals(6, r.requests());
        assertEquals(3, r.ok());
        assertEquals(3, r.errors());
        assertEquals(Map.of("HTTP 503: busy", 2, "timed out", 1), r.errorMessages());
        assertEquals("HTTP 503: busy", r.errorMessages().keySet().iterator().next(), "most frequent first");
        assertEquals(200, r.ttftMillis().p50(), EXACT);
        assertEquals(10, r.decodeTokensPerSecond().p50(), EXACT); // 10, 10, 10 tok/s
        assertEquals(38 / 2.0, r.aggregateTokensPerSecond(), EXACT); // 11 + 6 + 21 tokens in 2 s
        assertEquals(1.5, r.requestsPerSecond(), EXACT);
        assertEquals(11, r.tokensPerRequest().p50(), EXACT);
        assertEquals(20, r.promptTokens().p50(), EXACT);
    }

    @Test
    void aTableShowsEachRunAndItsErrors() {
        RunReport r = RunReport.of("openai x2", 2, List.of(ok(100, 1100, 11), StreamResult.failed("boom", MS)),
                1_000 * MS, null);
        String table = ReportTable.render(List.of(r));
        assertTrue(table.lines().findFirst().orElseThrow().startsWith("run"), table);
        assertTrue(table.contains("openai x2"), table);
        assertTrue(table.contains("openai x2: 1 x boom"), table);
    }
}
