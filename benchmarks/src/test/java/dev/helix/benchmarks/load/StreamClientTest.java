package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.server.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load tool's client and runner against a real Helix server over real runners (the generated tiny model). */
@Timeout(120)
class StreamClientTest {
    private static final int TOKENS = 12;

    private static StreamClient client(Api api) {
        return new StreamClient(URI.create(TestServer.shared().url()), api, Duration.ofSeconds(60));
    }

    private static StreamRequest request(int i) {
        return StreamRequest.greedy("tiny", Prompts.story(i), TOKENS, 42);
    }

    @Test
    void bothProtocolsStreamTheSameGreedyAnswerWithItsTimings() {
        try (var openai = client(Api.OPENAI); var ollama = client(Api.OLLAMA)) {
            StreamResult a = openai.stream(request(1));
            StreamResult b = ollama.stream(request(1));
            for (StreamResult r : List.of(a, b)) {
                assertTrue(r.ok(), r.error());
                assertTrue(r.tokens() > 0 && r.tokens() <= TOKENS, r.toString());
                assertEquals(r.tokens(), r.completionTokens(), "one streamed piece per token: " + r);
                assertTrue(r.promptTokens() > 10, r.toString());
                assertTrue(r.ttftNanos() > 0 && r.lastTokenNanos() >= r.ttftNanos() && r.totalNanos() >= r.lastTokenNanos());
            }
            assertEquals(a.text(), b.text(), "greedy answers agree across the APIs");
            assertEquals(a.promptTokens(), b.promptTokens());
        }
    }

    @Test
    void serverErrorsAreResultsWithTheServersMessage() {
        try (var openai = client(Api.OPENAI); var ollama = client(Api.OLLAMA)) {
            var unknown = StreamRequest.greedy("no-such-model", Prompts.story(0), 4, 42);
            StreamResult a = openai.stream(unknown);
            StreamResult b = ollama.stream(unknown);
            assertFalse(a.ok());
            assertFalse(b.ok());
            assertTrue(a.error().startsWith("HTTP 404: ") && a.error().contains("no-such-model"), a.error());
            assertTrue(b.error().startsWith("HTTP 404: ") && b.error().contains("no-such-model"), b.error());
        }
        try (var nobody = new StreamClient(URI.create("http://127.0.0.1:1"), Api.OPENAI, Duration.ofSeconds(5))) {
            StreamResult r = nobody.stream(request(0));
            assertFalse(r.ok());
            assertTrue(r.error().startsWith("ConnectException"), r.error());
        }
    }

    @Test
    void aConcurrentLoadRunCountsEveryRequestAndWatchesTheRunners() {
        long self = ProcessHandle.current().pid(); // the test server runs in this JVM; its runners are children
        try (var client = client(Api.OPENAI); var sampler = new ProcessSampler(self, Duration.ofMillis(50))) {
            var spec = new LoadSpec("openai x2", 2, 6, 2, StreamClientTest::request);
            RunReport report = LoadRunner.run(spec, client::stream, sampler);
            assertEquals(6, report.requests());
            assertEquals(6, report.ok(), report.errorMessages().toString());
            assertEquals(6, report.ttftMillis().count());
            assertTrue(report.aggregateTokensPerSecond() > 0 && report.requestsPerSecond() > 0);
            assertTrue(report.decodeTokensPerSecond().p50() > 0);
            RunReport.Memory memory = report.memory();
            assertNotNull(memory);
            assertTrue(memory.serverPeakRssKb() > 0, memory.toString());
            assertTrue(memory.runnersPeakRssKb() > 0, "the runner is a child of this JVM: " + memory);
        }
    }

    @Test
    void aMultiTurnChatSharesItsPrefix() {
        try (var client = client(Api.OPENAI)) {
            var report = new ChatScenario("tiny", 2, 200, 4, 42).run(client::stream);
            assertEquals(0, report.errors(), report.errorMessages().toString());
            assertEquals(2, report.ttftRatio().count());
            assertTrue(report.nextTurnPromptTokens().p50() > report.firstTurnPromptTokens().p50());
            assertTrue(report.firstTurnPromptTokens().p50() > 150, report.toString());
        }
    }
}
