package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.runtime.gguf.GgmlType;
import dev.helix.server.bench.RunReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The direct baseline as the suite runs it: a child JVM on a generated model, its figures read back. */
@Timeout(180)
class DirectTest {
    @TempDir
    Path folder;

    @Test
    void loadRunsAtTwoConcurrencyLevelsComeBackWithEveryRequest() throws Exception {
        Path model = new ModelFiles(folder).get(ModelFiles.Preset.TINY, GgmlType.F16);
        var direct = new Direct(new ChildJava(System.getProperty("java.class.path"), folder.resolve("logs")),
                folder.resolve("json"));
        var settings = new Direct.Settings(1, 2, 256, true);
        List<RunReport> reports = direct.load("direct", "tiny", model, settings, List.of(1, 2), 2, 0, 8);
        assertEquals(2, reports.size());
        assertEquals(List.of(2, 4), reports.stream().map(RunReport::requests).toList());
        for (RunReport r : reports) {
            assertEquals(r.requests(), r.ok(), r.errorMessages().toString());
            assertEquals(r.requests(), r.results().size());
            assertTrue(r.ttftMillis().p50() > 0 && r.decodeTokensPerSecond().p50() > 0, r.toString());
            assertTrue(r.memory().serverPeakRssKb() > 0, "the baseline watches its own memory");
        }
        var chat = direct.chat("chat", "tiny", model, settings, 2, 150, 4);
        assertEquals(0, chat.errors(), chat.errorMessages().toString());
        assertTrue(chat.nextTurnPromptTokens().p50() > chat.firstTurnPromptTokens().p50());
    }
}
