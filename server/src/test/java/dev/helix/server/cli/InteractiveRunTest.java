package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix run MODEL} without a prompt, driven through a pseudo-terminal ({@code script} from util-linux) as a
 * person types: it chats, with a real model loaded for the session, and leaves on /bye.
 */
@Tag(TestEngine.TAG)
@Timeout(180)
class InteractiveRunTest {
    @TempDir
    Path home;

    /** The command line of a helix command, run under {@code script} so that it has a terminal. */
    static ProcessBuilder onTerminal(ProcessBuilder helix) {
        String line = helix.command().stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        return helix.command(List.of("script", "-qfec", line, "/dev/null")).redirectErrorStream(true);
    }

    static void assumeScript() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script")),
                "script (util-linux) is not installed: no pseudo-terminal to drive helix run through");
    }

    @Test
    void chatsOnATerminalAndLeavesOnBye() throws Exception {
        assumeScript();
        Path models = Files.createDirectories(home.resolve("models"));
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        Process p = onTerminal(new CliProcess(home).builder("run", "tiny", "--local", "--models-dir",
                models.toString())).start();
        try (var typing = p.getOutputStream()) {
            typing.write(String.join("\n", "/set parameter num_predict 4", "/set parameter temperature 0", "Hello",
                    "\"\"\"Tell me", "a story\"\"\"", "/clear", "/nope", "/bye", "").getBytes(StandardCharsets.UTF_8));
            typing.flush();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), said);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.contains("Set parameter 'num_predict' to '4'"), said);
            assertTrue(said.contains("Cleared session context"), said);
            assertTrue(said.contains("Unknown command '/nope'"), said);
            assertTrue(said.contains("... "), "the multi-line prompt: " + said);
            long prompts = said.split(">>> ", -1).length - 1;
            assertTrue(prompts >= 7, prompts + " prompts: " + said);
            assertTrue(!said.contains("Error:") && !said.contains("helix:"), said);
        } finally {
            p.destroyForcibly();
        }
    }
}
