package dev.helix.server.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the {@link KnownServer}s installed on this machine: on the PATH, then in their usual places under the home
 * folder. Looks only; never downloads or runs anything.
 */
final class InstalledProviders {
    /** A known server and where it was found, or null. */
    record Found(KnownServer server, Path at) {
        boolean installed() {
            return at != null;
        }
    }

    private final List<Path> path;
    private final Path home;

    /** @param pathVariable the PATH, as the environment gives it (may be null) */
    InstalledProviders(String pathVariable, Path home) {
        var dirs = new ArrayList<Path>();
        if (pathVariable != null) {
            for (String part : pathVariable.split(java.io.File.pathSeparator)) {
                try {
                    if (!part.isBlank()) {
                        dirs.add(Path.of(part));
                    }
                } catch (InvalidPathException ignored) {
                    // not a folder anyone can run from
                }
            }
        }
        this.path = List.copyOf(dirs);
        this.home = home;
    }

    List<Found> scan() {
        return KnownServer.ALL.stream().map(s -> new Found(s, locate(s).orElse(null))).toList();
    }

    private Optional<Path> locate(KnownServer server) {
        for (String exe : server.executables()) {
            for (Path dir : path) {
                Path candidate = dir.resolve(exe);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (String relative : server.homePaths()) {
            Path candidate = home.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A provider entry for models.yaml that runs what was found. */
    static String yaml(Found found) {
        KnownServer s = found.server();
        var out = new StringBuilder();
        String name = s.type().equals("lm-studio") ? "lm-studio" : s.name().replace('_', '-').replace('.', '-')
                .toLowerCase(java.util.Locale.ROOT);
        out.append("  ").append(name).append(":\n");
        out.append("    type: ").append(s.type()).append('\n');
        out.append("    endpoint: http://127.0.0.1:").append(s.port()).append('\n');
        out.append("    managed:\n");
        var command = s.command().stream().map(a -> a.replace("{exe}", found.at().toString()))
                .map(InstalledProviders::quoted).toList();
        out.append("      command: [").append(String.join(", ", command)).append("]\n");
        if (s.name().equals("ollama")) {
            out.append("      env: {OLLAMA_HOST: \"127.0.0.1:").append(s.port()).append("\"}\n");
        }
        if (s.ready() != null) {
            out.append("      ready: ").append(s.ready()).append('\n');
        }
        out.append("      start: at_launch\n");
        if (s.note() != null) {
            out.append("      # ").append(s.note()).append('\n');
        }
        return out.toString();
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:@-]+") ? arg : "\"" + arg.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"";
    }
}
