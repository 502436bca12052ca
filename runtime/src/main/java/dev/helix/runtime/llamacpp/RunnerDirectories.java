package dev.helix.runtime.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The private folders runners work in ({@code helix-runner-*} in the temp directory: the socket, the native
 * library's copy). A runner's folder names its process in {@link #PID_FILE}; a runner removes its folder when its
 * server goes away, and {@link #sweep} removes the folders of runners that were killed outright.
 */
public final class RunnerDirectories {
    static final String PREFIX = "helix-runner-";
    static final String PID_FILE = "runner.pid";
    /** A folder without a pid file younger than this may be a runner still starting: it is left alone. */
    private static final Duration STARTING = Duration.ofMinutes(2);

    private RunnerDirectories() {
    }

    /** Notes which process works in a folder. */
    static void claim(Path directory, long pid) throws IOException {
        Files.writeString(directory.resolve(PID_FILE), Long.toString(pid));
    }

    /**
     * Removes the runner folders in {@code tmp} whose runner process is gone (and those never claimed, once they are
     * older than a start could take).
     *
     * @return how many were removed
     */
    public static int sweep(Path tmp) {
        int removed = 0;
        try (Stream<Path> entries = Files.list(tmp)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && Files.isDirectory(p)).toList()) {
                if (!inUse(dir)) {
                    delete(dir);
                    removed++;
                }
            }
        } catch (IOException e) {
            return removed;
        }
        return removed;
    }

    private static boolean inUse(Path dir) {
        try {
            Path pid = dir.resolve(PID_FILE);
            if (!Files.exists(pid)) {
                return Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minus(STARTING));
            }
            long id = Long.parseLong(Files.readString(pid).strip());
            return ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // unreadable: not ours to judge
        }
    }

    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // what is left is swept next time
        }
    }
}
