package dev.helix.router.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An image manifest of Ollama's registry ({@code application/vnd.docker.distribution.manifest.v2+json}): a config blob
 * and layers, each a {@code mediaType}, a {@code sha256:HEX} digest and a size; the model's GGUF file is the layer of
 * type {@code application/vnd.ollama.image.model}, beside {@code .template}, {@code .system}, {@code .params},
 * {@code .license}, {@code .projector}. Kept as the bytes the registry sent, which are what Ollama writes to disk.
 *
 * @param bytes  the manifest as received
 * @param blobs  the layers, then the config: everything to download
 */
record OllamaManifest(byte[] bytes, List<Blob> blobs) {
    static final String MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
    static final String MODEL_LAYER = "application/vnd.ollama.image.model";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");

    /** One blob: its media type, the hex of its sha256 and its size in bytes. */
    record Blob(String mediaType, String sha256, long size) {
        /** {@code sha256:HEX}, as the registry and Ollama's progress lines write it. */
        String digest() {
            return "sha256:" + sha256;
        }
    }

    /** @throws IOException when it is not a manifest Helix can use: the message says what is wrong */
    static OllamaManifest parse(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.path("layers").isArray()) {
            throw new IOException("it has no layers");
        }
        var blobs = new ArrayList<Blob>();
        boolean model = false;
        for (JsonNode layer : root.path("layers")) {
            Blob blob = blob(layer);
            model |= blob.mediaType().equals(MODEL_LAYER);
            blobs.add(blob);
        }
        if (!model) {
            throw new IOException("it has no model layer (" + MODEL_LAYER + ")");
        }
        if (root.has("config")) {
            blobs.add(blob(root.path("config")));
        }
        return new OllamaManifest(bytes, List.copyOf(blobs));
    }

    private static Blob blob(JsonNode node) throws IOException {
        var digest = DIGEST.matcher(node.path("digest").asText(""));
        long size = node.path("size").asLong(-1);
        if (!digest.matches() || size < 0) {
            throw new IOException("a layer has no sha256 digest or size: " + node);
        }
        return new Blob(node.path("mediaType").asText(""), digest.group(1), size);
    }
}
