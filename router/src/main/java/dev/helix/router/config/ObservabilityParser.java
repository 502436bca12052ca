package dev.helix.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads {@code alerts} and {@code request_log} ({@link ObservabilityConfig}), reporting problems through the parser. */
final class ObservabilityParser {
    private static final List<String> ALERT_KEYS = List.of("sinks", "events", "queue_size", "max_attempts",
            "retry_base_delay", "retry_max_delay", "timeout", "crash_loop");
    private static final List<String> SINK_KEYS = List.of("type", "url", "headers");
    private static final List<String> LOG_KEYS = List.of("path", "max_bytes", "files");

    private final ConfigParser parser;
    private final ConfigValues values;
    private final Path baseDir;

    ObservabilityParser(ConfigParser parser, Map<String, String> env, Path baseDir) {
        this.values = new ConfigValues(parser, env);
        this.parser = parser;
        this.baseDir = baseDir;
    }

    ObservabilityConfig parse(JsonNode alerts, JsonNode requestLog) {
        return new ObservabilityConfig(alerts(alerts), requestLog(requestLog));
    }

    private ObservabilityConfig.Alerts alerts(JsonNode node) {
        var d = ObservabilityConfig.Alerts.DEFAULTS;
        if (ConfigParser.absent(node)) {
            return d;
        }
        if (!node.isObject()) {
            parser.problem("alerts", "must be a mapping with sinks and settings");
            return d;
        }
        parser.checkKeys(node, "alerts", ALERT_KEYS);
        var sinks = new ArrayList<ObservabilityConfig.Sink>();
        JsonNode sinkList = node.get("sinks");
        if (!ConfigParser.absent(sinkList)) {
            if (!sinkList.isArray()) {
                parser.problem("alerts.sinks", "must be a list of sinks");
            } else {
                for (int i = 0; i < sinkList.size(); i++) {
                    var sink = sink(sinkList.get(i), "alerts.sinks[" + i + "]");
                    if (sink != null) {
                        sinks.add(sink);
                    }
                }
            }
        }
        var events = new LinkedHashSet<>(d.events());
        JsonNode eventList = node.get("events");
        if (!ConfigParser.absent(eventList)) {
            events.clear();
            if (!eventList.isArray()) {
                parser.problem("alerts.events", "must be a list of event names");
            } else {
                for (int i = 0; i < eventList.size(); i++) {
                    String name = eventList.get(i).asText();
                    if (!ObservabilityConfig.EVENTS.contains(name)) {
                        parser.problem("alerts.events[" + i + "]", "unknown event \"" + name + "\" (known: "
                                + String.join(", ", ObservabilityConfig.EVENTS) + ")");
                    }
                    events.add(name);
                }
            }
        }
        int queue = parser.integer(node.get("queue_size"), "alerts.queue_size", 1, 1_000_000, d.queueSize());
        int attempts = parser.integer(node.get("max_attempts"), "alerts.max_attempts", 1, 100, d.maxAttempts());
        Duration base = duration(node.get("retry_base_delay"), "alerts.retry_base_delay", d.retryBaseDelay());
        Duration max = duration(node.get("retry_max_delay"), "alerts.retry_max_delay", d.retryMaxDelay());
        if (max.compareTo(base) < 0) {
            parser.problem("alerts.retry_max_delay", "must not be shorter than retry_base_delay");
            max = base;
        }
        Duration timeout = duration(node.get("timeout"), "alerts.timeout", d.timeout());
        if (timeout.isZero()) {
            parser.problem("alerts.timeout", "must be longer than zero");
            timeout = d.timeout();
        }
        int crashes = d.crashLoopCrashes();
        Duration window = d.crashLoopWindow();
        JsonNode loop = node.get("crash_loop");
        if (!ConfigParser.absent(loop)) {
            if (!loop.isObject()) {
                parser.problem("alerts.crash_loop", "must be a mapping with crashes and window");
            } else {
                parser.checkKeys(loop, "alerts.crash_loop", List.of("crashes", "window"));
                crashes = parser.integer(loop.get("crashes"), "alerts.crash_loop.crashes", 1, 1000, crashes);
                window = duration(loop.get("window"), "alerts.crash_loop.window", window);
                if (window.isZero()) {
                    parser.problem("alerts.crash_loop.window", "must be longer than zero");
                    window = d.crashLoopWindow();
                }
            }
        }
        return new ObservabilityConfig.Alerts(sinks, events, queue, attempts, base, max, timeout, crashes, window);
    }

    private ObservabilityConfig.Sink sink(JsonNode node, String at) {
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping with type (and url)");
            return null;
        }
        parser.checkKeys(node, at, SINK_KEYS);
        String type = node.path("type").asText("");
        if (!ObservabilityConfig.Sink.TYPES.contains(type)) {
            parser.problem(at + ".type", (type.isEmpty() ? "required" : "unknown sink \"" + type + "\"")
                    + " (one of: " + String.join(", ", ObservabilityConfig.Sink.TYPES) + ")");
            return null;
        }
        URI url = null;
        if (!type.equals("log")) {
            if (ConfigParser.absent(node.get("url"))) {
                parser.problem(at + ".url", "required for a " + type + " sink");
                return null;
            }
            String text = text(node.get("url"), at + ".url");
            if (text == null) {
                return null;
            }
            try {
                url = new URI(text);
            } catch (URISyntaxException e) {
                parser.problem(at + ".url", "not a URL: " + e.getMessage());
                return null;
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                parser.problem(at + ".url", "must be an http:// or https:// URL with a host, not " + text);
                return null;
            }
        } else if (!ConfigParser.absent(node.get("url"))) {
            parser.problem(at + ".url", "a log sink takes no url");
        }
        var headers = new LinkedHashMap<String, String>();
        JsonNode h = node.get("headers");
        if (!ConfigParser.absent(h)) {
            if (!h.isObject()) {
                parser.problem(at + ".headers", "must be a mapping of header names to values");
            } else {
                h.fields().forEachRemaining(f -> {
                    String value = text(f.getValue(), at + ".headers." + f.getKey());
                    if (value != null) {
                        headers.put(f.getKey(), value);
                    }
                });
            }
        }
        return new ObservabilityConfig.Sink(type, url, headers);
    }

    private ObservabilityConfig.RequestLog requestLog(JsonNode node) {
        var d = ObservabilityConfig.RequestLog.OFF;
        if (ConfigParser.absent(node)) {
            return d;
        }
        if (!node.isObject()) {
            parser.problem("request_log", "must be a mapping with path (and max_bytes, files)");
            return d;
        }
        parser.checkKeys(node, "request_log", LOG_KEYS);
        Path path = null;
        if (ConfigParser.absent(node.get("path"))) {
            parser.problem("request_log.path", "required");
        } else {
            String text = text(node.get("path"), "request_log.path");
            if (text != null) {
                try {
                    path = baseDir.resolve(Path.of(text)).normalize();
                } catch (java.nio.file.InvalidPathException e) {
                    parser.problem("request_log.path", "not a valid path: " + e.getMessage());
                }
            }
        }
        long maxBytes = d.maxBytes();
        JsonNode bytes = node.get("max_bytes");
        if (!ConfigParser.absent(bytes)) {
            if (!bytes.isIntegralNumber() || bytes.asLong() < 0 || bytes.asLong() > Integer.MAX_VALUE) {
                parser.problem("request_log.max_bytes", "must be a whole number of bytes in [0, 2147483647], not "
                        + bytes);
            } else {
                maxBytes = bytes.asLong();
            }
        }
        int files = parser.integer(node.get("files"), "request_log.files", 1, 1000, d.files());
        return new ObservabilityConfig.RequestLog(path, maxBytes, files);
    }

    private Duration duration(JsonNode node, String at, Duration fallback) {
        return values.duration(node, at, fallback);
    }


    /** A non-empty string with ${VAR} expanded from the environment. */
    private String text(JsonNode node, String at) {
        return values.text(node, at);
    }

}
