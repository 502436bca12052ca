package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.testing.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code helix bench} as a user runs it: a real child process. */
@Timeout(180)
class BenchCommandTest {
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    private static CliProcess helix;

    @BeforeAll
    static void setUp() {
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        helix = new CliProcess(home);
    }

    @Test
    void helpForEveryBenchCommand() {
        for (List<String> command : List.of(List.of("bench"), List.of("bench", "chat"), List.of("bench", "model"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.add("--help");
            var help = helix.run(args.toArray(String[]::new));
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().contains("Usage: helix " + String.join(" ", command)), help.out());
        }
        var top = helix.run("--help");
        assertTrue(top.out().contains("bench"), top.out());
    }

    @Test
    void mistakesAreOneClearLine() {
        var noModel = helix.run("bench", "--url", "http://127.0.0.1:1");
        assertEquals(1, noModel.exit());
        assertEquals(List.of("helix: give the model to request: --model NAME"), noModel.err().lines().toList());
        var badApi = helix.run("bench", "-m", "x", "--api", "grpc");
        assertEquals(1, badApi.exit());
        assertEquals(List.of("helix: --api must be openai or ollama, not \"grpc\""), badApi.err().lines().toList());
        var badPreset = helix.run("bench", "model", "huge", home.resolve("x.gguf").toString());
        assertEquals(1, badPreset.exit());
        assertTrue(badPreset.err().startsWith("helix: unknown preset \"huge\""), badPreset.err());
    }

    @Test
    void modelWritesAGgufOfThePreset() {
        Path file = home.resolve("gen/tiny-q8.gguf");
        var r = helix.run("bench", "model", "tiny", file.toString(), "--type", "Q8_0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + file + ": 328,256 parameters, Q8_0"), r.out());
        assertEquals(328_256, GgufReader.read(file).parameterCount());
    }

    @Test
    void aLoadRunAgainstAServerItStartsWritesTableAndJson() throws Exception {
        Path json = home.resolve("run.json");
        var r = helix.run("bench", "--spawn", "--models-dir", models.toString(), "-m", "tiny", "--api", "ollama",
                "-c", "2", "-n", "4", "--max-tokens", "6", "--json", json.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ollama x2"), r.out());
        assertTrue(r.out().contains("watching pid"), r.out());
        JsonNode report = new ObjectMapper().readTree(json.toFile()).get("report");
        assertEquals(4, report.get("ok").asInt());
        assertEquals(0, report.get("errors").asInt());
        assertTrue(report.get("ttft_millis").get("p50").asDouble() > 0);
        assertTrue(report.get("memory").get("runners_peak_rss_kb").asLong() > 0, report.toString());
    }
}
