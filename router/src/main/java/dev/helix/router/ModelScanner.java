package dev.helix.router;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Walks a models directory for GGUF files: recursive to {@link #MAX_DEPTH}, following links, skipping hidden dirs. */
public final class ModelScanner {
    static final int MAX_DEPTH = 4;
    private static final Logger log = LoggerFactory.getLogger(ModelScanner.class);

    /** A model file found on disk; depth 1 = directly in the root. */
    public record Found(String id, Path path, int depth) {}

    private ModelScanner() {}

    /** Every model file under root, shallowest first, then by path; empty if root is not a directory. */
    public static List<Found> scan(Path root) {
        if (root == null || !Files.isDirectory(root)) {
            return List.of();
        }
        var found = new ArrayList<Found>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        GgufFiles.modelId(file.getFileName().toString()).ifPresent(id ->
                                found.add(new Found(id, file.toAbsolutePath().normalize(),
                                        root.relativize(file).getNameCount())));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    log.debug("models dir: skipping {}: {}", file, e.toString());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("models dir {}: scan failed: {}", root, e.toString());
        }
        found.sort(Comparator.comparingInt(Found::depth).thenComparing(f -> f.path().toString()));
        return found;
    }
}
