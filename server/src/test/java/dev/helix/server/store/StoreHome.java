package dev.helix.server.store;

import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A temporary home folder with each program's store laid out as that program lays it out, around generated GGUF
 * files: Ollama's manifests and sha256-named blobs, the Hugging Face cache's snapshots linked to blobs, LM Studio's
 * publisher/repo folders, Jan's model.json folders, GPT4All's flat folder and Helix's own.
 */
final class StoreHome {
    private StoreHome() {}

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts a blob into Ollama's store and returns its layer descriptor. */
    static String ollamaLayer(Path store, String mediaType, byte[] content) throws IOException {
        Path tmp = Files.createDirectories(store.resolve("blobs")).resolve("incoming");
        Files.write(tmp, content);
        String digest = sha256(tmp);
        Files.move(tmp, store.resolve("blobs").resolve("sha256-" + digest),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + digest + "\",\"size\":" + content.length
                + "}";
    }

    /** An Ollama model: {@code manifests/registry.ollama.ai/library/NAME/TAG} over its blobs. */
    static void ollamaModel(Path store, String name, String tag, Path gguf, String system, String template,
                            String paramsJson) throws IOException {
        var layers = new java.util.ArrayList<String>();
        layers.add(ollamaLayer(store, "application/vnd.ollama.image.model", Files.readAllBytes(gguf)));
        if (template != null) {
            layers.add(ollamaLayer(store, "application/vnd.ollama.image.template", utf8(template)));
        }
        if (system != null) {
            layers.add(ollamaLayer(store, "application/vnd.ollama.image.system", utf8(system)));
        }
        if (paramsJson != null) {
            layers.add(ollamaLayer(store, "application/vnd.ollama.image.params", utf8(paramsJson)));
        }
        String config = ollamaLayer(store, "application/vnd.docker.container.image.v1+json",
                utf8("{\"model_format\":\"gguf\",\"model_family\":\"llama\"}"));
        Path manifest = Files.createDirectories(store.resolve("manifests").resolve("registry.ollama.ai")
                .resolve("library").resolve(name)).resolve(tag);
        Files.writeString(manifest, "{\"schemaVersion\":2,\"mediaType\":"
                + "\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":" + config + ",\"layers\":["
                + String.join(",", layers) + "]}");
    }

    /** A file of a Hugging Face repository in the hub cache: a blob named by its sha256, linked from a snapshot. */
    static Path hfFile(Path hub, String org, String repo, String revision, String fileName, Path content)
            throws IOException {
        Path repoDir = hub.resolve("models--" + org + "--" + repo);
        String digest = sha256(content);
        Path blob = Files.createDirectories(repoDir.resolve("blobs")).resolve(digest);
        if (!Files.exists(blob)) {
            Files.copy(content, blob);
        }
        Path snapshot = Files.createDirectories(repoDir.resolve("snapshots").resolve(revision));
        Path link = snapshot.resolve(fileName);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, link.getParent().relativize(blob));
        Files.createDirectories(repoDir.resolve("refs"));
        Files.writeString(repoDir.resolve("refs").resolve("main"), revision);
        return link;
    }

    static Path copy(Path model, Path dir, String name) throws IOException {
        return TestModels.copyOf(model, Files.createDirectories(dir), name);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
