package dev.helix.server.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.config.ObservabilityConfig;
import dev.helix.router.config.ObservabilityConfig.Sink;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.Http;
import dev.helix.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A runner is killed for real (SIGKILL to its process) and the next request brings its model back: a real local
 * HTTP server receives both alerts, runner_crashed and runner_recovered, in each payload shape (generic JSON, Slack,
 * Discord); the generic hook refuses its first delivery and gets it again on the retry.
 */
@Tag(TestEngine.TAG)
class AlertWebhookTest {
    private static final String CHAT = """
            {"model":"tiny","messages":[{"role":"user","content":"hello"}],"max_tokens":2}""";

    @Test
    void killedRunnerAndItsRecoveryReachEveryWebhookShape() throws Exception {
        try (var hooks = new WebhookReceiver()) {
            hooks.refuseNext("/generic", 1);
            var alerts = ObservabilityConfig.Alerts.DEFAULTS.withSinks(List.of(
                    new Sink("log", null, Map.of()),
                    new Sink("webhook", hooks.url("/generic"), Map.of("X-Token", "secret")),
                    new Sink("slack", hooks.url("/slack"), Map.of()),
                    new Sink("discord", hooks.url("/discord"), Map.of())))
                    .withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(100));
            try (var server = TestServer.start(new ObservabilityConfig(alerts, ObservabilityConfig.RequestLog.OFF))) {
                List<ProcessHandle> before = runners();
                assertEquals(200, Http.post(server.url() + "/v1/chat/completions", CHAT).statusCode());
                List<ProcessHandle> started = runners();
                started.removeAll(before);
                assertEquals(1, started.size(), "one runner started: " + started);
                ProcessHandle runner = started.get(0);

                runner.destroyForcibly();

                JsonNode crashed = hooks.next("/generic");
                assertEquals("runner_crashed", crashed.get("event").asText(), crashed.toString());
                assertEquals("tiny", crashed.get("subject").asText());
                assertEquals("critical", crashed.get("severity").asText());
                assertEquals(runner.pid(), crashed.get("details").get("pid").asLong());
                assertTrue(crashed.get("summary").asText().contains("died"), crashed.toString());
                assertEquals(2, hooks.attempts("/generic"), "refused once, delivered on the retry");
                JsonNode slack = hooks.next("/slack");
                assertTrue(slack.get("text").asText().startsWith("[Helix] CRITICAL: runner for model tiny"),
                        slack.toString());
                assertEquals("section", slack.get("blocks").get(0).get("type").asText());
                JsonNode discord = hooks.next("/discord");
                assertEquals("runner_crashed: tiny", discord.get("embeds").get(0).get("title").asText(),
                        discord.toString());
                assertTrue(discord.get("content").asText().contains("CRITICAL"), discord.toString());

                // The next request finds the runner dead, starts another, and the model has recovered.
                assertEquals(200, Http.post(server.url() + "/v1/chat/completions", CHAT).statusCode());

                JsonNode recovered = hooks.next("/generic");
                assertEquals("runner_recovered", recovered.get("event").asText(), recovered.toString());
                assertEquals("resolved", recovered.get("severity").asText());
                assertTrue(recovered.get("details").get("pid").asLong() != runner.pid(), "a new runner");
                assertTrue(hooks.next("/slack").get("text").asText().startsWith("[Helix] RESOLVED: model tiny recovered"));
                assertEquals("runner_recovered: tiny",
                        hooks.next("/discord").get("embeds").get(0).get("title").asText());

                Scrape metrics = Scrape.parse(Http.get(server.url() + "/metrics").body());
                assertEquals(1, metrics.value("helix_runner_crashes_total", Map.of("model", "tiny")));
                assertEquals(1, metrics.value("helix_runner_restarts_total", Map.of("model", "tiny")));
                assertEquals(2, metrics.value("helix_runner_starts_total", Map.of("model", "tiny")));
                assertEquals(2, metrics.value("helix_alerts_sent_total", Map.of("sink", "webhook:127.0.0.1:"
                        + hooks.url("/").getPort())));
            }
        }
    }

    /** The runner processes this JVM has now. */
    private static List<ProcessHandle> runners() {
        return new java.util.ArrayList<>(ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("helix-runner-")).toList());
    }
}
