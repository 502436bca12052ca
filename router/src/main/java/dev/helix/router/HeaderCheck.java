package dev.helix.router;

import dev.helix.runtime.gguf.GgufFormatException;
import dev.helix.runtime.gguf.GgufReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether model files have a readable GGUF header (which also checks that every tensor's data fits in the file, so
 * a truncated download fails here). A file is read once per version, by size and modification time: a rescan of an
 * unchanged folder only reads attributes, and a file rewritten in place (a download finishing) is read again.
 *
 * <p>Not thread-safe: the catalog calls it under its scan lock.
 */
final class HeaderCheck {
    private record Version(long size, long modifiedMillis) {}

    private record Verdict(Version version, Optional<String> problem) {}

    private final Map<Path, Verdict> verdicts = new HashMap<>();

    /** What is wrong with the file, or empty when its header reads. */
    Optional<String> problem(Path file) {
        Version version;
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.of("not a regular file");
            }
            version = new Version(attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            verdicts.remove(file);
            return Optional.of(UnreadableModel.FILE_NOT_FOUND);
        } catch (IOException e) {
            return Optional.of("cannot read it: " + ioReason(e));
        }
        Verdict known = verdicts.get(file);
        if (known != null && known.version().equals(version)) {
            return known.problem();
        }
        Optional<String> problem = read(file);
        verdicts.put(file, new Verdict(version, problem));
        return problem;
    }

    /** Forgets files not in {@code current}, so the cache holds no more than the folder does. */
    void retainOnly(Set<Path> current) {
        verdicts.keySet().retainAll(current);
    }

    private static Optional<String> read(Path file) {
        try {
            GgufReader.read(file);
            return Optional.empty();
        } catch (GgufFormatException e) {
            return Optional.of(e.getMessage());
        } catch (UncheckedIOException e) {
            return Optional.of("cannot read it: " + ioReason(e.getCause()));
        }
    }

    private static String ioReason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> UnreadableModel.FILE_NOT_FOUND;
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}
