package dev.helix.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real model files in {@code shared/models} beside the repository (see its README.md), which a fresh
 * clone does not have: tests that need them call {@link #assumeStories260K()} and are skipped without them.
 *
 * <p>The folder is found by walking up from the working directory (module tests run in the module
 * directory) to the first ancestor that has a {@code shared/models} directory; the system property
 * {@code helix.shared.models} overrides the search.
 */
public final class SharedModels {

    /** System property naming the shared models directory explicitly. */
    public static final String PROPERTY = "helix.shared.models";
    public static final String STORIES_260K = "stories260K.gguf";
    public static final String LLAMA2_TINY_RANDOM = "llama2-tiny-random.gguf";

    private SharedModels() {
    }

    /** The shared models directory, if there is one. */
    public static Optional<Path> directory() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("models");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file in the shared models directory, if present and readable. */
    public static Optional<Path> file(String name) {
        return directory().map(dir -> dir.resolve(name)).filter(Files::isReadable);
    }

    /** stories260K.gguf: a real 260K-parameter TinyStories llama (F32, 512-token vocabulary, no chat template). */
    public static Optional<Path> stories260K() {
        return file(STORIES_260K);
    }

    /** llama2-tiny-random.gguf: random weights with the real 32,000-token Llama 2 vocabulary (F16). */
    public static Optional<Path> llama2TinyRandom() {
        return file(LLAMA2_TINY_RANDOM);
    }

    /** stories260K.gguf, or skips the calling test when it is not there. */
    public static Path assumeStories260K() {
        return assume(STORIES_260K);
    }

    /** llama2-tiny-random.gguf, or skips the calling test when it is not there. */
    public static Path assumeLlama2TinyRandom() {
        return assume(LLAMA2_TINY_RANDOM);
    }

    private static Path assume(String name) {
        Optional<Path> file = file(name);
        assumeTrue(file.isPresent(), () -> "../shared/models/" + name + " not present: skipping (it is not part "
                + "of the repository; see shared/models/README.md)");
        return file.orElseThrow();
    }
}
