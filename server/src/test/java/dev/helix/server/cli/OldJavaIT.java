package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped jar on a Java older than 25: one line naming both versions and exit status 1, not an
 * UnsupportedClassVersionError stack trace. Needs such a JDK in /usr/lib/jvm; skipped without one.
 */
@Timeout(60)
class OldJavaIT {
    private static final Path JAR = Path.of("target", "helix.jar");
    private static final Path JDKS = Path.of("/usr/lib/jvm");

    private record Jdk(Path home, int feature) {
        Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    @Test
    void anOldJavaIsToldInOneLineThatHelixNeeds25() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        Optional<Jdk> found = oldJdk();
        Assumptions.assumeTrue(found.isPresent(), "no JDK older than 25 in " + JDKS + " to run the jar on");
        Jdk old = found.get();

        var builder = new ProcessBuilder(old.java().toString(), "-jar", JAR.toString(), "serve").redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("HELIX_") || k.endsWith("JAVA_OPTIONS")
                || k.equals("_JAVA_OPTIONS"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));

        List<String> lines = output.lines().toList();
        assertEquals(1, lines.size(), "one line, no stack trace:\n" + output);
        String line = lines.get(0);
        String start = "helix: needs Java 25 or newer; this is Java " + old.feature() + " (";
        assertTrue(line.startsWith(start) && line.endsWith(")"), line);
        Path home = Path.of(line.substring(start.length(), line.length() - 1));
        assertTrue(home.toRealPath().startsWith(old.home().toRealPath()), "names the old java's home: " + line);
        assertEquals(1, process.exitValue());
    }

    /** A JDK older than 25, by its release file. */
    private static Optional<Jdk> oldJdk() throws IOException {
        if (!Files.isDirectory(JDKS)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JDKS)) {
            return homes.sorted().map(OldJavaIT::jdk).flatMap(Optional::stream)
                    .filter(j -> j.feature() < 25 && Files.isExecutable(j.java())).findFirst();
        }
    }

    private static Optional<Jdk> jdk(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(l -> l.startsWith("JAVA_VERSION=\"")).findFirst().map(l -> {
                String version = l.substring("JAVA_VERSION=\"".length()).replace("\"", "");
                String feature = (version.startsWith("1.") ? version.substring(2) : version).split("[^0-9]", 2)[0];
                return new Jdk(home, feature.isEmpty() ? 0 : Integer.parseInt(feature));
            });
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
