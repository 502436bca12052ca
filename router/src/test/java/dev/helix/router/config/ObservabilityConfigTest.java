package dev.helix.router.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** models.yaml's alerts and request_log sections: every setting read, every mistake reported with its location. */
class ObservabilityConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("models.yaml"), yaml);
    }

    @Test
    void readsSinksSettingsAndTheRequestLog() throws IOException {
        Path file = write("""
                alerts:
                  sinks:
                    - type: log
                    - type: webhook
                      url: http://127.0.0.1:9000/hook
                      headers: { Authorization: "Bearer ${HOOK_TOKEN}" }
                    - type: slack
                      url: ${SLACK_URL}
                    - type: discord
                      url: https://discord.example/api/webhooks/1/x
                  events: [runner_crashed, runner_recovered]
                  queue_size: 10
                  max_attempts: 3
                  retry_base_delay: 500ms
                  retry_max_delay: 5s
                  timeout: 2s
                  crash_loop: { crashes: 4, window: 10m }
                request_log:
                  path: logs/requests.jsonl
                  max_bytes: 1000
                  files: 3
                """);
        var c = ObservabilityConfig.load(file, Map.of("HOOK_TOKEN", "t0k", "SLACK_URL", "https://hooks.slack.example/x"));
        var sinks = c.alerts().sinks();
        assertEquals(List.of("log", "webhook", "slack", "discord"), sinks.stream().map(ObservabilityConfig.Sink::type)
                .toList());
        assertEquals(Map.of("Authorization", "Bearer t0k"), sinks.get(1).headers());
        assertEquals(URI.create("https://hooks.slack.example/x"), sinks.get(2).url());
        assertEquals(Set.of("runner_crashed", "runner_recovered"), c.alerts().events());
        assertEquals(10, c.alerts().queueSize());
        assertEquals(3, c.alerts().maxAttempts());
        assertEquals(Duration.ofMillis(500), c.alerts().retryBaseDelay());
        assertEquals(Duration.ofSeconds(5), c.alerts().retryMaxDelay());
        assertEquals(Duration.ofSeconds(2), c.alerts().timeout());
        assertEquals(4, c.alerts().crashLoopCrashes());
        assertEquals(Duration.ofMinutes(10), c.alerts().crashLoopWindow());
        assertEquals(dir.resolve("logs/requests.jsonl"), c.requestLog().path());
        assertEquals(1000, c.requestLog().maxBytes());
        assertEquals(3, c.requestLog().files());
    }

    @Test
    void absentSectionsMeanNoAlertsAndNoRequestLog() throws IOException {
        var c = ObservabilityConfig.load(write("max_loaded_models: 1\n"), Map.of());
        assertEquals(ObservabilityConfig.DEFAULTS, c);
    }

    @Test
    void everyMistakeIsReportedWithItsLocation() throws IOException {
        Path file = write("""
                alerts:
                  sinks:
                    - type: pager
                    - type: slack
                    - type: webhook
                      url: ftp://example.com/x
                    - type: discord
                      url: ${NOT_SET}
                  events: [runner_crashed, coffee_spilled]
                  retry_base_delay: 10s
                  retry_max_delay: 1s
                  color: red
                request_log:
                  files: 0
                """);
        var e = assertThrows(ConfigException.class, () -> ObservabilityConfig.load(file, Map.of()));
        assertEquals(List.of(
                "alerts.color: unknown key (expected one of: sinks, events, queue_size, max_attempts, "
                        + "retry_base_delay, retry_max_delay, timeout, crash_loop)",
                "alerts.sinks[0].type: unknown sink \"pager\" (one of: log, webhook, slack, discord)",
                "alerts.sinks[1].url: required for a slack sink",
                "alerts.sinks[2].url: must be an http:// or https:// URL with a host, not ftp://example.com/x",
                "alerts.sinks[3].url: environment variable NOT_SET is not set",
                "alerts.events[1]: unknown event \"coffee_spilled\" (known: backend_down, backend_up, breaker_open, "
                        + "breaker_closed, model_load_failed, runner_crashed, runner_recovered, runner_crash_loop, "
                        + "managed_provider_failed)",
                "alerts.retry_max_delay: must not be shorter than retry_base_delay",
                "request_log.path: required",
                "request_log.files: must be in [1, 1000], was 0"), e.problems());
        assertEquals(e.problems(), assertThrows(ConfigException.class, () -> HelixConfig.load(file, dir, Map.of()))
                .problems(), "helix serve refuses the file for the same reasons");
    }
}
