package dev.helix.router;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether model files have a readable GGUF header (which also checks that every tensor's data fits in the file, so
 * a truncated download fails here), from the shared {@link GgufHeaders}: once per file version.
 */
final class HeaderCheck {
    private final GgufHeaders headers;

    HeaderCheck(GgufHeaders headers) {
        this.headers = headers;
    }

    /** What is wrong with the file, or empty when its header reads. */
    Optional<String> problem(Path file) {
        return Optional.ofNullable(headers.read(file).problem());
    }
}
