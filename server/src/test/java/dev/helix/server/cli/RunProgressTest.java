package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix run MODEL PROMPT} on a pseudo-terminal shows "loading MODEL" with the time elapsed, and erases it before
 * the answer; with its output to a file, the answer alone, without a {@code \r}.
 */
@Tag(TestEngine.TAG)
@Timeout(180)
class RunProgressTest {
    private static final String ERASE = "\r\033[K";

    @TempDir
    Path home;

    @Test
    void theLoadingLineIsShownOnATerminalAndErasedBeforeTheAnswer() throws Exception {
        InteractiveRunTest.assumeScript();
        Path models = Files.createDirectories(home.resolve("models"));
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        String[] run = {"run", "tiny", "Hello there", "--local", "--models-dir", models.toString(), "--max-tokens", "6",
            "--temperature", "0", "--seed", "1"};

        var plain = new CliProcess(home).run(run);
        assertEquals(0, plain.exit(), plain.err());
        assertFalse(plain.out().contains("\r") || plain.out().contains("loading"), plain.out());
        assertTrue(plain.out().strip().length() > 0, "the tiny model answers: " + plain.out());

        Process p = InteractiveRunTest.onTerminal(new CliProcess(home).builder(run)).start();
        try {
            p.getOutputStream().close();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), said);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.matches("(?s)\\r. loading tiny \\d+\\.\\ds\\033\\[K.*"), "the first thing shown: " + said);
            int erased = said.lastIndexOf(ERASE);
            assertTrue(erased > 0, said);
            assertEquals(plain.out(), said.substring(erased + ERASE.length()).replace("\r\n", "\n"),
                    "after the loading line is erased comes the answer, the same as without a terminal");
        } finally {
            p.destroyForcibly();
        }
    }
}
