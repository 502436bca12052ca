package dev.helix.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code .gguf} files that are not readable GGUF files, the ways they turn up in a models folder. */
public final class BrokenModels {
    private BrokenModels() {
    }

    /** A text file with a model's name: {@code not a model}. */
    public static Path notAModel(Path directory, String name) {
        return write(directory.resolve(name), "not a model".getBytes(StandardCharsets.UTF_8));
    }

    /** An empty file, as an interrupted download leaves it. */
    public static Path empty(Path directory, String name) {
        return write(directory.resolve(name), new byte[0]);
    }

    /** The first half of a real model: its header promises tensor data that the file does not hold. */
    public static Path truncated(Path model, Path directory, String name) {
        try (InputStream in = Files.newInputStream(model)) {
            return write(directory.resolve(name), in.readNBytes((int) (Files.size(model) / 2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
