package dev.helix.runtime.gguf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model in one file or split into several by llama.cpp's gguf-split. llama.cpp is given the first part; its header
 * says {@code split.count}, and llama.cpp finds the other parts by name: the first one's name with
 * {@code -00001-of-0000N.gguf} replaced by the part's number ({@code llama_split_prefix}/{@code llama_split_path}).
 *
 * @param first the file llama.cpp is given
 * @param count {@code split.count} of its header, 1 for a whole file
 */
public record GgufSplit(Path first, int count) {
    private static final Pattern PART = Pattern.compile("(.+)-(\\d{5})-of-(\\d{5})\\.gguf");

    public GgufSplit {
        Objects.requireNonNull(first, "first");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
    }

    /** The split a file's header describes ({@code split.count}, absent in a whole file). */
    public static GgufSplit of(Path file, GgufMetadata header) {
        return new GgufSplit(file, (int) Math.max(1, header.integer("split.count").orElse(1)));
    }

    /**
     * Every file of the model, the first one first, as llama.cpp names them.
     *
     * @throws IllegalStateException when the model is split but the first file's name is not llama.cpp's
     *                               {@code NAME-00001-of-0000N.gguf}, so the other parts cannot be found
     */
    public List<Path> parts() {
        if (count == 1) {
            return List.of(first);
        }
        String name = first.getFileName().toString();
        var m = PART.matcher(name);
        if (!m.matches() || Integer.parseInt(m.group(2)) != 1 || Integer.parseInt(m.group(3)) != count) {
            throw new IllegalStateException(first + " is part 1 of a model split into " + count + " files, but its "
                    + "name does not end in " + String.format("-00001-of-%05d.gguf", count)
                    + ", so the other parts cannot be found");
        }
        var parts = new ArrayList<Path>(count);
        for (int i = 1; i <= count; i++) {
            parts.add(first.resolveSibling(String.format("%s-%05d-of-%05d.gguf", m.group(1), i, count)));
        }
        return parts;
    }

    /** The first part that is not a readable file, if any. */
    public Optional<Path> missing() {
        return parts().stream().filter(p -> !Files.isRegularFile(p)).findFirst();
    }
}
