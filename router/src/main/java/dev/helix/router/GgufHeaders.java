package dev.helix.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.helix.runtime.gguf.GgufFormatException;
import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The GGUF headers of model files, each read once per file version (path, size, modification time) and shared by
 * the catalog's scan (which leaves unreadable files out) and the descriptions listings show: listing a folder of
 * large models reads attributes only, and a file rewritten in place (a download finishing) is read again.
 * Thread-safe.
 */
final class GgufHeaders {

    /**
     * A file version as read.
     *
     * @param metadata its header, or empty when {@code problem} says why not
     * @param digest   a stable identity of the version: sha256 over path, size and modification time (hashing
     *                 gigabytes of contents on every listing would be slow); it changes whenever the file does
     */
    record Header(Optional<GgufMetadata> metadata, String problem, long size, Instant modified, String digest) {}

    private record Key(Path path, long size, long modified) {}

    private final Cache<Key, Header> cache = Caffeine.newBuilder().maximumSize(4096).build();

    Header read(Path file) {
        Path path = file.toAbsolutePath().normalize();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return new Header(Optional.empty(), ioReason(e), 0, Instant.EPOCH, digest(path, 0, 0));
        }
        if (!attributes.isRegularFile()) {
            return new Header(Optional.empty(), "not a regular file", 0, Instant.EPOCH, digest(path, 0, 0));
        }
        var key = new Key(path, attributes.size(), attributes.lastModifiedTime().toMillis());
        return cache.get(key, GgufHeaders::parse);
    }

    private static Header parse(Key key) {
        Optional<GgufMetadata> metadata = Optional.empty();
        String problem = null;
        try {
            metadata = Optional.of(GgufReader.read(key.path()));
        } catch (GgufFormatException e) {
            problem = e.getMessage();
        } catch (UncheckedIOException e) {
            problem = ioReason(e.getCause());
        }
        return new Header(metadata, problem, key.size(), Instant.ofEpochMilli(key.modified()),
                digest(key.path(), key.size(), key.modified()));
    }

    private static String ioReason(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "cannot read it: permission denied";
            case NoSuchFileException n -> UnreadableModel.FILE_NOT_FOUND;
            default -> "cannot read it: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        };
    }

    private static String digest(Path path, long size, long modified) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update((path + "\0" + size + '\0' + modified).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
