package dev.helix.providers.managed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run one provider server, from the {@code managed} block of its provider entry:
 * <pre>{@code
 * managed:
 *   command: [llama-server, -m, ~/models/q.gguf, --port, "{port}"]   # {port} becomes the port below
 *   working_dir: ~/models
 *   env: {CUDA_VISIBLE_DEVICES: "0"}
 *   port: 8080                  # 0 = a free port chosen at every start
 *   ready: /health              # GET until 2xx; default: the kind's own health probe and model listing
 *   start: on_demand            # or at_launch
 *   start_timeout: 2m
 *   stop_grace: 10s             # SIGTERM, then SIGKILL after this
 *   restart: {max_restarts: 5, initial_delay: 1s, max_delay: 1m, unhealthy_after: 3, stable_after: 10m}
 *   log_max_bytes: 10485760     # ~/.helix/logs/<name>.log is rotated at this size
 *   log_files: 3                # rotated files kept besides the current one
 * }</pre>
 *
 * @param readyPath null = ask the adapter (the kind's health probe, then its model listing)
 */
public record ManagedSpec(String name, List<String> command, Path workingDir, Map<String, String> env, int port,
                          String readyPath, boolean startAtLaunch, Duration startTimeout, Duration stopGrace,
                          RestartPolicy restart, Path logFile, long logMaxBytes, int logFiles) {
    public static final String PORT_PLACEHOLDER = "{port}";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    public static final long DEFAULT_LOG_MAX_BYTES = 10L << 20;
    public static final int DEFAULT_LOG_FILES = 3;

    public ManagedSpec {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a managed provider needs a command");
        }
        env = Map.copyOf(env);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(logFile, "logFile");
        if (port < 0 || port > 65_535 || logMaxBytes < 1 || logFiles < 0) {
            throw new IllegalArgumentException("invalid managed settings for " + name);
        }
    }

    /** The command line for a start on this port: {@code {port}} replaced in every argument. */
    public List<String> commandFor(int chosenPort) {
        var out = new ArrayList<String>(command.size());
        for (String arg : command) {
            out.add(arg.replace(PORT_PLACEHOLDER, Integer.toString(chosenPort)));
        }
        return out;
    }
}
