package dev.helix.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helix.benchmarks.load.Api;
import dev.helix.benchmarks.load.Prompts;
import dev.helix.benchmarks.load.StreamClient;
import dev.helix.benchmarks.load.StreamResult;
import dev.helix.server.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engines scenario's measurement against real servers: a real Helix (the shared test server, the generated tiny
 * model) on both sides, and llama.cpp's own llama-server from a native/build.sh install where this machine has one.
 */
@Timeout(180)
class SideBySideTest {
    private static final int TOKENS = 6;

    @TempDir
    Path folder;

    private static StreamClient helix() {
        return new StreamClient(URI.create(TestServer.shared().url()), Api.OPENAI, Duration.ofSeconds(60));
    }

    @Test
    void everyCountedRoundGivesEachFigureOnBothSidesAndEveryAnswerRunsToMaxTokens() {
        List<Integer> rounds = new ArrayList<>();
        try (var a = helix(); var b = helix()) {
            var c = SideBySide.measure(new SideBySide.Side("a", a, "tiny"), new SideBySide.Side("b", b, "tiny"), 2,
                    TOKENS, 2, 1, rounds::add);
            assertEquals(List.of(0, 1, 2), rounds, "round 0, uncounted, then the two counted");
            for (var f : List.of(c.subject(), c.reference())) {
                assertTrue(f.errors().isEmpty(), f.errors().toString());
                for (var d : List.of(f.decode(), f.aggregate(), f.promptSpeed(), f.ttftShortMillis(),
                        f.ttftLongMillis(), f.promptTokens(), f.shortAnswers())) {
                    assertEquals(2, d.count(), f.label() + ": one figure per counted round: " + f);
                }
                assertEquals(TOKENS, f.shortAnswers().min(), "end of generation is banned: " + f);
                assertTrue(f.promptTokens().min() > 300, "a 300-word history: " + f.promptTokens());
                assertTrue(f.decode().p50() > 0 && f.aggregate().p50() > 0 && f.promptSpeed().p50() > 0);
            }
            assertEquals(c.subject().promptTokens(), c.reference().promptTokens(), "the same prompts on both sides");
            assertEquals("a", c.subject().label());
        }
    }

    @Test
    void llamaServerCountsTheSamePromptAsHelixFromTheSameBody() throws Exception {
        Path install = Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
        assumeTrue(Files.isExecutable(LlamaServerProcess.binary(install)),
                "no llama-server at " + LlamaServerProcess.binary(install) + " (native/build.sh installs one)");
        Path model = TestServer.shared().modelsDir().resolve("tiny.gguf");
        var flags = new LlamaServerProcess.Flags(1, 2, 512, EnginesScenario.BATCH, EnginesScenario.MICRO_BATCH);
        try (var server = LlamaServerProcess.start(install, model, flags, folder.resolve("llama-server.log"));
             var llama = new StreamClient(server.url(), Api.OPENAI, Duration.ofSeconds(60)); var helix = helix()) {
            assertTrue(server.command().containsAll(List.of("-np", "2", "-c", "1024", "-b", "512", "-ub", "128")),
                    server.command().toString());
            var history = Prompts.conversation(7, 420);
            StreamResult there = llama.stream(SideBySide.body(new SideBySide.Side("l", llama, "x"), history, TOKENS));
            StreamResult here = helix.stream(SideBySide.body(new SideBySide.Side("h", helix, "tiny"), history, TOKENS));
            assertTrue(there.ok(), there.error());
            assertTrue(here.ok(), here.error());
            assertEquals(here.promptTokens(), there.promptTokens(), "both render the ChatML template alike");
            assertEquals(TOKENS, there.completionTokens(), "llama-server honours the logit bias too: " + there);
            assertEquals(TOKENS, here.completionTokens());
        }
    }
}
