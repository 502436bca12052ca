package dev.helix.providers.managed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shell a managed server runs under. It starts the command in a session (and so a process group) of its own,
 * with standard input from /dev/null, and ends the whole group (SIGTERM, then SIGKILL after the grace period) when
 * it is told to (SIGTERM) or when its own standard input reaches its end: Helix holds the other end of that pipe, so
 * Helix going away, even by SIGKILL, ends the server and everything it started. When the server exits by itself,
 * what it left running in its group is killed. It names the server's pid in its first line of output
 * ({@link #PID_LINE}). Without {@code setsid} (not Linux) the group is the command alone.
 */
final class Watchdog {
    static final java.util.regex.Pattern PID_LINE = java.util.regex.Pattern.compile("\\[helix] server pid (\\d+)");
    static final String SCRIPT = """
            grace=$1; shift
            watcher=
            stop() {
              kill -TERM $target 2>/dev/null
              n=0
              while kill -0 $target 2>/dev/null; do
                n=$((n + 1))
                if [ "$n" -gt "$grace" ]; then kill -KILL $target 2>/dev/null; break; fi
                sleep 0.1
              done
            }
            trap 'trap "" TERM INT HUP; stop; [ -n "$watcher" ] && kill "$watcher" 2>/dev/null; exit 143' TERM INT HUP
            exec 3<&0
            if command -v setsid >/dev/null 2>&1; then
              setsid "$@" </dev/null 3<&- &
              child=$!; target=-$child
            else
              "$@" </dev/null 3<&- &
              child=$!; target=$child
            fi
            echo "[helix] server pid $child"
            ( while read -r _line; do :; done; kill -TERM $$ ) <&3 &
            watcher=$!
            exec 3<&-
            wait "$child"; code=$?
            kill "$watcher" 2>/dev/null
            kill -KILL $target 2>/dev/null
            exit "$code"
            """;

    private Watchdog() {
    }

    /** The process builder for a command run under the watchdog, output and errors merged. */
    static ProcessBuilder builder(List<String> command, Path workingDir, Map<String, String> env,
                                  java.time.Duration grace) {
        var line = new ArrayList<String>(List.of("/bin/sh", "-c", SCRIPT, "helix-watchdog",
                Long.toString(Math.max(1, grace.toMillis() / 100))));
        line.addAll(command);
        var builder = new ProcessBuilder(line).redirectErrorStream(true);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.environment().putAll(env);
        return builder;
    }
}
