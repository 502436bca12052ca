package dev.helix.router.store;

import dev.helix.router.GgufFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The GGUF files of one folder as models: split models once (their first part), projectors apart. */
final class GgufFolder {
    private static final Logger log = LoggerFactory.getLogger(GgufFolder.class);

    /** A model file: whole, or the first of {@code parts}. */
    record Model(Path file, int parts) {
        String stem() {
            return GgufFiles.stem(file.getFileName().toString());
        }
    }

    private GgufFolder() {}

    /** The models directly in {@code dir}, by file name; empty when it cannot be read. */
    static List<Model> models(Path dir) {
        var models = new ArrayList<Model>();
        for (Path file : files(dir)) {
            String name = file.getFileName().toString();
            if (GgufFiles.modelId(name).isPresent() && Files.isRegularFile(file)) {
                models.add(new Model(file, GgufFiles.parts(name)));
            }
        }
        return models;
    }

    /**
     * The vision projector in {@code dir}, or null: the only {@code mmproj} file, or of several the F16 one, else the
     * first by name.
     */
    static Path projector(Path dir) {
        List<Path> projectors = files(dir).stream()
                .filter(f -> GgufFiles.isProjector(f.getFileName().toString()) && Files.isRegularFile(f)).toList();
        return projectors.stream().filter(f -> f.getFileName().toString().toLowerCase().contains("f16")).findFirst()
                .orElse(projectors.isEmpty() ? null : projectors.get(0));
    }

    /** {@code root} and the folders under it to {@code depth} levels, following links, hidden ones skipped. */
    static List<Path> folders(Path root, int depth) {
        var found = new ArrayList<Path>();
        collect(root, depth, found);
        return found;
    }

    private static void collect(Path dir, int depth, List<Path> found) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        found.add(dir);
        if (depth == 0) {
            return;
        }
        for (Path child : files(dir)) {
            if (!child.getFileName().toString().startsWith(".") && Files.isDirectory(child)) {
                collect(child, depth - 1, found);
            }
        }
    }

    /** The entries of a folder sorted by name; empty when it is missing or unreadable. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException | RuntimeException e) {
            log.debug("cannot list {}: {}", dir, e.toString());
            return List.of();
        }
    }
}
