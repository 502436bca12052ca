package dev.helix.router.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ollama's store layout, as Helix writes it for models pulled from Ollama's registry (under
 * {@link HelixStore#ollamaRoot()}, read back by {@link OllamaStore}): {@code blobs/sha256-HEX} and
 * {@code manifests/registry.ollama.ai/NAMESPACE/NAME/TAG}. Deleting a model removes its manifest and then every blob
 * no manifest names any more, as Ollama prunes.
 */
public final class OllamaLayout {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("sha256[:-]([0-9a-f]{64})");

    private OllamaLayout() {}

    /** Where a blob is kept. */
    public static Path blob(Path root, String sha256) {
        return root.resolve("blobs").resolve("sha256-" + sha256);
    }

    /** Where a model's manifest is kept. */
    public static Path manifest(Path root, String namespace, String model, String tag) {
        return root.resolve("manifests").resolve(OllamaStore.DEFAULT_HOST).resolve(namespace).resolve(model)
                .resolve(tag);
    }

    /** Writes a manifest whole or not at all (a temporary file renamed). */
    public static void writeManifest(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".partial");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes the model served as {@code name} ({@code NAME:TAG} or {@code NAMESPACE/NAME:TAG}) and the blobs only it
     * used.
     *
     * @return false when there is no manifest for that name
     */
    static boolean delete(Path root, String name) {
        int colon = name.lastIndexOf(':');
        String[] path = (colon < 0 ? name : name.substring(0, colon)).split("/");
        String tag = colon < 0 ? "latest" : name.substring(colon + 1);
        Path manifest = path.length == 1 ? manifest(root, "library", path[0], tag)
                : manifest(root, path[0], path[1], tag);
        try {
            if (!Files.deleteIfExists(manifest)) {
                return false;
            }
            for (Path dir = manifest.getParent(); !dir.equals(root); dir = dir.getParent()) {
                try (Stream<Path> left = Files.list(dir)) {
                    if (left.findAny().isPresent()) {
                        break;
                    }
                }
                Files.delete(dir);
            }
            prune(root);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + name + " from " + root, e);
        }
    }

    /** Deletes the blobs no manifest names. */
    private static void prune(Path root) throws IOException {
        Set<String> used = new HashSet<>();
        Path manifests = root.resolve("manifests");
        if (Files.isDirectory(manifests)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(manifests)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            for (Path file : files) {
                JsonNode m = JSON.readTree(file.toFile());
                used.add(digest(m.path("config")));
                m.path("layers").forEach(layer -> used.add(digest(layer)));
            }
        }
        for (Path blob : GgufFolder.files(root.resolve("blobs"))) {
            var digest = DIGEST.matcher(blob.getFileName().toString());
            if (digest.matches() && !used.contains(digest.group(1))) {
                Files.deleteIfExists(blob);
            }
        }
    }

    private static String digest(JsonNode layer) {
        var m = DIGEST.matcher(layer.path("digest").asText(""));
        return m.matches() ? m.group(1) : "";
    }
}
