package dev.helix.providers.fake;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reference material in {@code shared/reference} beside the repository (captures of real servers), which a fresh
 * clone does not have. Found by walking up from the working directory to the first ancestor with a
 * {@code shared/reference} directory, as the runtime's tests find {@code shared/models}; the system property
 * {@code helix.shared.reference} overrides the search.
 */
final class SharedReference {
    static final String PROPERTY = "helix.shared.reference";

    private SharedReference() {
    }

    static Optional<Path> directory() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("reference");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code shared/reference/wire/<name>}, or skips the calling test when it is not there. */
    static Path assumeWire(String name) {
        Optional<Path> dir = directory().map(d -> d.resolve("wire").resolve(name)).filter(Files::isDirectory);
        assumeTrue(dir.isPresent(), () -> "../shared/reference/wire/" + name + " not present: skipping (it is not"
                + " part of the repository)");
        return dir.orElseThrow();
    }
}
