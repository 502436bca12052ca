package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.BrokenModels;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a command fails is one line on standard error, {@code helix: ...}, and the documented status: 2 for a
 * wrong command line, 1 for a failure. Nothing else is printed: no log line of the router or the runtime before it,
 * no llama.cpp output.
 */
@Tag(TestEngine.TAG)
@Timeout(180)
class CliFailureTest {
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    private static CliProcess helix;

    @BeforeAll
    static void setUp() {
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        BrokenModels.notAModel(models, "broken.gguf");
        TestModels.headerOnly(models, "hollow.gguf"); // a readable header llama.cpp refuses
        helix = new CliProcess(home);
    }

    /** Asserts the one line and the status, and returns the line. */
    private static String oneLine(CliProcess.Result r, int exit) {
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        assertTrue(lines.get(0).startsWith("helix: "), lines.get(0));
        assertEquals("", r.out(), "nothing on stdout");
        assertEquals(exit, r.exit(), r.err());
        return lines.get(0);
    }

    @Test
    void anUnknownModelName() {
        String line = oneLine(helix.run("run", "missing-model", "hi", "--models-dir", models.toString(), "--local"), 1);
        assertEquals("helix: model \"missing-model\" not found (looked in " + models + ")", line);
    }

    @Test
    void theNameOfAFileThatIsNotAModel() {
        String line = oneLine(helix.run("run", "broken", "hi", "--models-dir", models.toString(), "--local"), 1);
        assertTrue(line.startsWith("helix: model \"broken\" is not served: " + models.resolve("broken.gguf")
                + ": not a GGUF file: bad magic"), line);
    }

    @Test
    void aPathToAFileThatIsNotAModel() {
        String line = oneLine(helix.run("run", models.resolve("broken.gguf").toString(), "hi"), 1);
        assertTrue(line.startsWith("helix: not a usable GGUF file: ") && line.contains("bad magic"), line);
    }

    @Test
    void aModelLlamaCppCannotLoadIsExplainedByWhatLlamaCppSaid() {
        String line = oneLine(helix.run("run", models.resolve("hollow.gguf").toString(), "hi"), 1);
        assertTrue(line.startsWith("helix: llama.cpp could not load " + models.resolve("hollow.gguf")), line);
        assertTrue(line.contains("error loading model"), "llama.cpp's own reason, from the runner's log: " + line);
        String byName = oneLine(helix.run("run", "hollow", "hi", "--models-dir", models.toString(), "--local"), 1);
        assertEquals(line, byName);
    }

    @Test
    void showAnUnknownModel() {
        String line = oneLine(helix.run("show", "nonexistent", "--models-dir", models.toString()), 1);
        assertEquals("helix: model \"nonexistent\" not found (looked in " + models + ")", line);
    }

    @Test
    void aConfigFileWithMistakesListsThemAllOnOneLine() throws Exception {
        Path bad = Files.writeString(home.resolve("bad.yaml"),
                "models:\n  - id: x\n    pathh: foo.gguf\nmax_loaded_models: zero\n");
        String line = oneLine(helix.run("models", "--config", bad.toString()), 1);
        assertTrue(line.startsWith("helix: " + bad + ": "), line);
        for (String problem : List.of("max_loaded_models: must be an integer", "models[0].pathh: unknown key",
                "models[0].path: required")) {
            assertTrue(line.contains(problem), problem + " in " + line);
        }
        oneLine(helix.run("models", "--config", home.resolve("none.yaml").toString()), 1);
    }

    @Test
    void aPortOutOfRangeOnTheCommandLineIsAUsageError() {
        String line = oneLine(helix.run("serve", "--port", "99999"), 2);
        assertTrue(line.contains("'--port'") && line.contains("99999 is not a port number"), line);
        String fromEnvironment = oneLine(helix.run(Map.of("HELIX_PORT", "70000"), "serve"), 1);
        assertEquals("helix: HELIX_PORT must be a port number (0 to 65535), not 70000", fromEnvironment);
    }

    @Test
    void serveOnAPortInUse() throws Exception {
        try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            String line = oneLine(helix.run("serve", "--port", Integer.toString(port), "--models-dir",
                    models.toString()), 1);
            assertTrue(line.startsWith("helix: cannot listen on 127.0.0.1:" + port + ": ") && line.contains("in use"),
                    line);
        }
    }

    @Test
    void aWrongFlagValue() {
        String line = oneLine(helix.run("run", "tiny", "hi", "--max-tokens", "many"), 2);
        assertTrue(line.contains("'--max-tokens'") && line.endsWith("(see 'helix run --help')"), line);
    }

    @Test
    void servingBeyondLoopbackWithoutAKeyIsRefusedUnlessInsecure() {
        String line = oneLine(helix.run("serve", "--host", "0.0.0.0", "--port", "0", "--models-dir",
                models.toString()), 1);
        assertTrue(line.startsWith("helix: refusing to serve on 0.0.0.0 without an API key"), line);
        assertTrue(line.endsWith("or pass --insecure"), line);
    }
}
