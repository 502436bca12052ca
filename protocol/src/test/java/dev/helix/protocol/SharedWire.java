package dev.helix.protocol;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real captures of other servers' answers in {@code shared/reference/wire} beside the repository, which a fresh clone
 * does not have: tests that read them are skipped without them. Found as the shared models are, by walking up from
 * the working directory (module tests run in the module directory) to the first ancestor that has the folder.
 */
final class SharedWire {
    private SharedWire() {}

    /** {@code shared/reference/wire/<server>}, or skips the calling test when it is not there. */
    static Path assumeCaptures(String server) {
        Optional<Path> dir = find(server);
        assumeTrue(dir.isPresent(), () -> "../shared/reference/wire/" + server + " not present: skipping (the "
                + "captures are not part of the repository)");
        return dir.orElseThrow();
    }

    static byte[] body(Path dir, String capture) {
        try {
            return Files.readAllBytes(dir.resolve(capture + ".body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> find(String server) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference").resolve("wire").resolve(server);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
