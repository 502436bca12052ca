package dev.helix.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.helix.router.ModelEntry;
import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What listing endpoints show about a model file, read from its GGUF header (never by loading it) and cached per
 * file version (path, size, modification time), so listing a folder of large models stays cheap.
 */
public final class ModelDescriptions {

    /** A model file as listed: its header (empty when unreadable), size, modification time and identity digest. */
    public record Description(ModelEntry entry, Optional<GgufMetadata> metadata, long size, Instant modified,
                              String digest, String error) {}

    private record Key(String path, long size, long modified) {}

    private final Cache<Key, Description> cache = Caffeine.newBuilder().maximumSize(4096).build();

    public Description describe(ModelEntry entry) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(entry.path(), BasicFileAttributes.class);
        } catch (IOException e) {
            return new Description(entry, Optional.empty(), 0, Instant.EPOCH, digest(entry.path().toString(), 0, 0),
                    "model file not readable: " + e.getMessage());
        }
        var key = new Key(entry.path().toAbsolutePath().toString(), attributes.size(),
                attributes.lastModifiedTime().toMillis());
        Description cached = cache.get(key, k -> read(entry, k));
        return cached.entry().equals(entry) ? cached : new Description(entry, cached.metadata(), cached.size(),
                cached.modified(), cached.digest(), cached.error());
    }

    private static Description read(ModelEntry entry, Key key) {
        Optional<GgufMetadata> metadata;
        String error = null;
        try {
            metadata = Optional.of(GgufReader.read(entry.path()));
        } catch (RuntimeException e) {
            metadata = Optional.empty();
            error = e.getMessage();
        }
        return new Description(entry, metadata, key.size(), Instant.ofEpochMilli(key.modified()),
                digest(key.path(), key.size(), key.modified()), error);
    }

    /**
     * A stable identity for a file version: sha256 over its path, size and modification time. It is not a hash of
     * the contents (hashing gigabytes on every listing would be slow); it changes whenever the file does.
     */
    private static String digest(String path, long size, long modified) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update((path + '\0' + size + '\0' + modified).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
