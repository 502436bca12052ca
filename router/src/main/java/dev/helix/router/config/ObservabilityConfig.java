package dev.helix.router.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code alerts} and {@code request_log} sections of models.yaml:
 * <pre>{@code
 * alerts:
 *   sinks:
 *     - type: log                      # the server's log, at WARN
 *     - type: webhook                  # generic JSON: {"event": ..., "subject": ..., "summary": ..., ...}
 *       url: https://ops.example.com/hooks/helix
 *       headers: { Authorization: "Bearer ${HOOK_TOKEN}" }
 *     - type: slack                    # Slack incoming webhook: {"text": ...}
 *       url: ${SLACK_WEBHOOK_URL}
 *     - type: discord                  # Discord webhook: {"content": ..., "embeds": [...]}
 *       url: ${DISCORD_WEBHOOK_URL}
 *   events: [backend_down, backend_up, breaker_open, breaker_closed, model_load_failed,
 *            runner_crashed, runner_recovered, runner_crash_loop, managed_provider_failed]   # default: all
 *   queue_size: 1000                   # alerts waiting per sink; the oldest is dropped (and counted) when full
 *   max_attempts: 5                    # tries per alert and sink
 *   retry_base_delay: 1s               # doubled after each failed try, up to retry_max_delay
 *   retry_max_delay: 1m
 *   timeout: 10s                       # per try
 *   crash_loop: { crashes: 3, window: 5m }
 * request_log:
 *   path: logs/requests.jsonl          # relative = to this file's folder; one JSON line per request
 *   max_bytes: 10485760                # rotate at this size (0 = never)
 *   files: 5                           # files kept, the current one included
 * }</pre>
 */
public record ObservabilityConfig(Alerts alerts, RequestLog requestLog) {
    /** The event names {@code alerts.events} accepts. */
    public static final List<String> EVENTS = Alerts.EVENTS;

    public static final ObservabilityConfig DEFAULTS = new ObservabilityConfig(Alerts.DEFAULTS, RequestLog.OFF);

    public ObservabilityConfig {
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(requestLog, "requestLog");
    }

    /** Where alerts go. {@code type} is {@code log}, {@code webhook}, {@code slack} or {@code discord}. */
    public record Sink(String type, URI url, Map<String, String> headers) {
        public static final List<String> TYPES = List.of("log", "webhook", "slack", "discord");

        public Sink {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("sink type must be one of " + TYPES + ", not " + type);
            }
            if (!type.equals("log") && url == null) {
                throw new IllegalArgumentException("a " + type + " sink needs a url");
            }
            headers = Map.copyOf(headers);
        }
    }

    /** Alerting: no sinks = no alerts. */
    public record Alerts(List<Sink> sinks, Set<String> events, int queueSize, int maxAttempts,
                         Duration retryBaseDelay, Duration retryMaxDelay, Duration timeout, int crashLoopCrashes,
                         Duration crashLoopWindow) {
        static final List<String> EVENTS = List.of("backend_down", "backend_up", "breaker_open", "breaker_closed",
                "model_load_failed", "runner_crashed", "runner_recovered", "runner_crash_loop",
                "managed_provider_failed");
        public static final Alerts DEFAULTS = new Alerts(List.of(), Set.copyOf(EVENTS), 1000, 5, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(10), 3, Duration.ofMinutes(5));

        public Alerts {
            sinks = List.copyOf(sinks);
            events = Set.copyOf(events);
        }

        public Alerts withSinks(List<Sink> value) {
            return new Alerts(value, events, queueSize, maxAttempts, retryBaseDelay, retryMaxDelay, timeout,
                    crashLoopCrashes, crashLoopWindow);
        }

        public Alerts withRetryDelays(Duration base, Duration max) {
            return new Alerts(sinks, events, queueSize, maxAttempts, base, max, timeout, crashLoopCrashes,
                    crashLoopWindow);
        }
    }

    /** The request log; {@code path} null = none. */
    public record RequestLog(Path path, long maxBytes, int files) {
        public static final RequestLog OFF = new RequestLog(null, 10L << 20, 5);
    }

    /**
     * Reads these sections of a models.yaml (the whole file is checked, as {@link HelixConfig#load} does).
     *
     * @throws ConfigException listing every problem with its location
     */
    public static ObservabilityConfig load(Path file) {
        var parser = new ConfigParser(file, Path.of(System.getProperty("user.home")), System.getenv());
        parser.parse(ConfigParser.read(file));
        return parser.observability();
    }

    /** These sections of settings already merged from layers, read as if from {@code source}. */
    public static ObservabilityConfig parse(com.fasterxml.jackson.databind.JsonNode root, Path source,
                                            Map<String, String> env) {
        var parser = new ConfigParser(source, Path.of(System.getProperty("user.home")), env);
        parser.parse(root);
        return parser.observability();
    }

    static ObservabilityConfig load(Path file, Map<String, String> env) {
        var parser = new ConfigParser(file, Path.of(System.getProperty("user.home")), env);
        parser.parse(ConfigParser.read(file));
        return parser.observability();
    }
}
