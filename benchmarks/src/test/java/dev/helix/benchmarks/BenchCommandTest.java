package dev.helix.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.testing.TestModels;
import dev.helix.server.cli.CliProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The load tool ({@link Bench}) as a user runs it: a real child process. */
@Timeout(180)
class BenchCommandTest {
    @TempDir
    static Path home;
    @TempDir
    static Path models;
    private static CliProcess bench;

    @BeforeAll
    static void setUp() {
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        bench = new CliProcess(home, Bench.class);
    }

    @Test
    void helpForEveryBenchCommand() {
        for (String sub : List.of("", "chat", "model")) {
            var help = sub.isEmpty() ? bench.run("--help") : bench.run(sub, "--help");
            assertEquals(0, help.exit(), help.err());
            assertTrue(help.out().contains(("Usage: bench " + sub).strip() + " "), help.out());
        }
    }

    @Test
    void mistakesAreOneClearLine() {
        var noModel = bench.run("--url", "http://127.0.0.1:1");
        assertEquals(1, noModel.exit());
        assertEquals(List.of("bench: give the model to request: --model NAME"), noModel.err().lines().toList());
        var badApi = bench.run("-m", "x", "--api", "grpc");
        assertEquals(1, badApi.exit());
        assertEquals(List.of("bench: --api must be openai or ollama, not \"grpc\""), badApi.err().lines().toList());
        var badPreset = bench.run("model", "huge", home.resolve("x.gguf").toString());
        assertEquals(1, badPreset.exit());
        assertTrue(badPreset.err().startsWith("bench: unknown preset \"huge\""), badPreset.err());
        var badFlag = bench.run("--no-such-flag");
        assertEquals(2, badFlag.exit());
        assertTrue(badFlag.err().startsWith("bench: Unknown option: '--no-such-flag'"), badFlag.err());
    }

    @Test
    void modelWritesAGgufOfThePreset() {
        Path file = home.resolve("gen/tiny-q8.gguf");
        var r = bench.run("model", "tiny", file.toString(), "--type", "Q8_0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("wrote " + file + ": 328,256 parameters, Q8_0"), r.out());
        assertEquals(328_256, GgufReader.read(file).parameterCount());
    }

    @Test
    void aLoadRunAgainstAServerItStartsWritesTableAndJson() throws Exception {
        Path json = home.resolve("run.json");
        var r = bench.run("--spawn", "--models-dir", models.toString(), "-m", "tiny", "--api", "ollama",
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
