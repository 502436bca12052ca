package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.benchmarks.ModelFiles;
import dev.helix.benchmarks.load.RunReport;
import dev.helix.runtime.gguf.GgmlType;
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
        var settings = new Direct.Settings(1, 2, 256);
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

    @Test
    void aServingBaselineAnswersCommandAfterCommandWithTheSameModel() throws Exception {
        Path model = new ModelFiles(folder).get(ModelFiles.Preset.TINY, GgmlType.F16);
        try (var direct = DirectProcess.start(System.getProperty("java.class.path"), "tiny", model,
                new Direct.Settings(1, 4, 256), folder.resolve("json"), folder.resolve("logs/serve.log"))) {
            RunReport one = direct.run(1, 1, 7, 8, 1);
            RunReport four = direct.run(4, 4, 8, 8, 0);
            RunReport again = direct.run(1, 1, 7, 8, 0);
            assertEquals(1, one.ok());
            assertEquals(4, four.ok(), four.errorMessages().toString());
            assertEquals(4, four.concurrency());
            assertEquals(one.results().get(0).text(), again.results().get(0).text(), "greedy: same prompt, same answer");
            assertTrue(RunnerMemoryScenario.computeBufferMib(direct.log()) > 0, "llama.cpp logs its compute buffer");
        }
    }
}
