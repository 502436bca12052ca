package dev.helix.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.providers.managed.ManagedSpec;
import dev.helix.providers.managed.RestartPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a provider's {@code managed} block ({@link ManagedSpec}), reporting every problem with its location. */
final class ManagedParser {
    static final List<String> KEYS = List.of("command", "working_dir", "env", "port", "ready", "start",
            "start_timeout", "stop_grace", "restart", "log_max_bytes", "log_files");
    static final List<String> RESTART_KEYS = List.of("max_restarts", "initial_delay", "max_delay", "unhealthy_after",
            "stable_after");

    private final ConfigParser parser;
    private final UpstreamParser upstream;

    ManagedParser(ConfigParser parser, UpstreamParser upstream) {
        this.parser = parser;
        this.upstream = upstream;
    }

    /** The spec, or null when something is wrong (each problem reported). */
    ManagedSpec parse(String name, JsonNode node, String at, URI endpoint) {
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping with at least command (" + String.join(", ", KEYS) + ")");
            return null;
        }
        parser.checkKeys(node, at, KEYS);
        int problems = parser.problemCount();
        List<String> command = command(node.get("command"), at + ".command");
        Path workingDir = ConfigParser.absent(node.get("working_dir")) ? null
                : parser.path(node.get("working_dir"), at + ".working_dir");
        Map<String, String> env = env(node.get("env"), at + ".env");
        int defaultPort = endpoint == null || endpoint.getPort() == -1 ? 0 : endpoint.getPort();
        int port = parser.integer(node.get("port"), at + ".port", 0, 65_535, defaultPort);
        if (endpoint != null && endpoint.getPort() != -1 && port != 0 && port != endpoint.getPort()) {
            parser.problem(at + ".port", port + " is not the endpoint's port " + endpoint.getPort()
                    + " (leave one of them out)");
        }
        String ready = null;
        if (!ConfigParser.absent(node.get("ready"))) {
            ready = upstream.text(node.get("ready"), at + ".ready");
            if (ready != null && !ready.startsWith("/")) {
                parser.problem(at + ".ready", "must be a path starting with /, such as /health");
                ready = null;
            }
        }
        boolean atLaunch = false;
        if (!ConfigParser.absent(node.get("start"))) {
            String start = upstream.text(node.get("start"), at + ".start");
            if ("at_launch".equals(start)) {
                atLaunch = true;
            } else if (start != null && !"on_demand".equals(start)) {
                parser.problem(at + ".start", "must be on_demand or at_launch, not \"" + start + "\"");
            }
        }
        Duration startTimeout = upstream.duration(node.get("start_timeout"), at + ".start_timeout",
                ManagedSpec.DEFAULT_START_TIMEOUT);
        Duration stopGrace = upstream.duration(node.get("stop_grace"), at + ".stop_grace",
                ManagedSpec.DEFAULT_STOP_GRACE);
        RestartPolicy restart = restart(node.get("restart"), at + ".restart");
        int logMax = parser.integer(node.get("log_max_bytes"), at + ".log_max_bytes", 1024, Integer.MAX_VALUE,
                (int) ManagedSpec.DEFAULT_LOG_MAX_BYTES);
        int logFiles = parser.integer(node.get("log_files"), at + ".log_files", 0, 100, ManagedSpec.DEFAULT_LOG_FILES);
        if (parser.problemCount() > problems || command == null) {
            return null;
        }
        Path log = parser.home().resolve(".helix").resolve("logs").resolve(name + ".log");
        return new ManagedSpec(name, command, workingDir, env, port, ready, atLaunch, startTimeout, stopGrace, restart,
                log, logMax, logFiles);
    }

    private List<String> command(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            parser.problem(at, "required: the server's command line, as a list such as [llama-server, --port, "
                    + "\"{port}\"]");
            return null;
        }
        List<String> command;
        if (node.isTextual()) {
            String text = upstream.text(node, at);
            command = text == null ? List.of() : List.of(text.strip().split("\\s+"));
        } else if (node.isArray()) {
            command = upstream.strings(node, at);
        } else {
            parser.problem(at, "must be a list of arguments (or one string split at spaces)");
            return null;
        }
        if (command.isEmpty()) {
            parser.problem(at, "must not be empty");
            return null;
        }
        var expanded = new java.util.ArrayList<String>(command);
        String first = expanded.getFirst();
        if (first.startsWith("~/")) {
            expanded.set(0, parser.home().resolve(first.substring(2)).toString());
        }
        return expanded;
    }

    private Map<String, String> env(JsonNode node, String at) {
        if (ConfigParser.absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping of variable names to values");
            return Map.of();
        }
        var env = new LinkedHashMap<String, String>();
        node.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNumber() || value.isBoolean()) {
                env.put(field.getKey(), value.asText());
            } else {
                String text = upstream.text(value, at + "." + field.getKey());
                if (text != null) {
                    env.put(field.getKey(), text);
                }
            }
        });
        return env;
    }

    private RestartPolicy restart(JsonNode node, String at) {
        RestartPolicy d = RestartPolicy.DEFAULTS;
        if (ConfigParser.absent(node)) {
            return d;
        }
        if (!node.isObject()) {
            parser.problem(at, "must be a mapping (" + String.join(", ", RESTART_KEYS) + ")");
            return d;
        }
        parser.checkKeys(node, at, RESTART_KEYS);
        int max = parser.integer(node.get("max_restarts"), at + ".max_restarts", 0, 1000, d.maxRestarts());
        Duration initial = upstream.duration(node.get("initial_delay"), at + ".initial_delay", d.initialDelay());
        Duration maxDelay = upstream.duration(node.get("max_delay"), at + ".max_delay",
                initial.compareTo(d.maxDelay()) > 0 ? initial : d.maxDelay());
        if (maxDelay.compareTo(initial) < 0) {
            parser.problem(at + ".max_delay", "must not be shorter than initial_delay");
            maxDelay = initial;
        }
        int unhealthy = parser.integer(node.get("unhealthy_after"), at + ".unhealthy_after", 1, 1000,
                d.unhealthyAfter());
        Duration stable = upstream.duration(node.get("stable_after"), at + ".stable_after", d.stableAfter());
        return new RestartPolicy(max, initial, maxDelay, unhealthy, stable);
    }

    /**
     * A managed provider started on demand must be reachable by name: its entry lists models, or an alias names it.
     * Otherwise no request could ever start it.
     */
    static void checkReachable(ConfigParser parser, List<ProviderConfig> providers, List<AliasConfig> aliases) {
        for (ProviderConfig p : providers) {
            if (p.managed() == null || p.managed().startAtLaunch() || !p.models().isEmpty()) {
                continue;
            }
            boolean named = aliases.stream().flatMap(a -> a.targets().stream())
                    .anyMatch(t -> t.provider().equals(p.name()));
            if (!named) {
                parser.problem("providers." + p.name() + ".managed.start", "on_demand (the default) needs models: "
                        + "[...] on the provider, or an alias naming it, so a request knows to start it; or use "
                        + "start: at_launch");
            }
        }
    }
}
