package dev.helix.router.pull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.GgufFiles;
import dev.helix.router.store.QuantTag;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Hugging Face hub's file listing: {@code GET {base}/api/models/ORG/REPO/tree/main?recursive=true} gives each
 * file's {@code path}, {@code size} and, for LFS files, {@code lfs.oid}, the sha256 of its contents; a file is at
 * {@code {base}/ORG/REPO/resolve/main/PATH}. The base is configurable ({@code HF_ENDPOINT}) for mirrors and tests.
 */
final class HubApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The quantization picked when a name has no tag, as Ollama picks it. */
    static final String DEFAULT_TAG = "Q4_K_M";

    private final HttpClient http;
    private final URI base;
    private final String token;

    HubApi(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.token = token;
    }

    URI base() {
        return base;
    }

    /** The files to download for a model: its GGUF file (every part of a split one) and a projector if it has one. */
    List<RemoteFile> files(PullSource.HuggingFace model) {
        JsonNode tree = tree(model);
        Map<String, List<JsonNode>> byStem = new LinkedHashMap<>();
        List<JsonNode> projectors = new ArrayList<>();
        for (JsonNode f : tree) {
            String path = f.path("path").asText("");
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!f.path("type").asText("file").equals("file") || !name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
                continue;
            }
            if (GgufFiles.isProjector(name)) {
                projectors.add(f);
            } else {
                byStem.computeIfAbsent(GgufFiles.stem(name), k -> new ArrayList<>()).add(f);
            }
        }
        if (byStem.isEmpty()) {
            throw new PullException(404, "hf.co/" + model.org() + "/" + model.repo() + " has no GGUF files");
        }
        String tag = model.tag() != null ? model.tag() : byStem.size() == 1 ? null : DEFAULT_TAG;
        List<JsonNode> chosen = tag == null ? byStem.values().iterator().next() : byStem.entrySet().stream()
                .filter(e -> QuantTag.tagOf(e.getKey()).equalsIgnoreCase(tag) || e.getKey().equalsIgnoreCase(tag))
                .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new PullException(404, "hf.co/" + model.org()
                        + "/" + model.repo() + " has no " + tag + " file; it has: " + String.join(", ",
                        byStem.keySet().stream().map(QuantTag::tagOf).toList())));
        var files = new ArrayList<RemoteFile>();
        chosen.stream().sorted(Comparator.comparing(f -> f.path("path").asText())).forEach(f -> files.add(file(model, f)));
        projectors.stream().min(Comparator.comparing((JsonNode f) -> !f.path("path").asText().toLowerCase(Locale.ROOT)
                .contains("f16")).thenComparing(f -> f.path("path").asText())).ifPresent(f -> files.add(file(model, f)));
        return files;
    }

    private RemoteFile file(PullSource.HuggingFace model, JsonNode f) {
        String path = f.path("path").asText();
        String sha = f.path("lfs").path("oid").asText(null);
        long size = f.path("lfs").path("size").asLong(f.path("size").asLong(-1));
        var encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            encoded.append(encoded.isEmpty() ? "" : "/").append(URLEncoder.encode(segment, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        URI url = base.resolve(model.org() + "/" + model.repo() + "/resolve/main/" + encoded);
        return new RemoteFile(url, path.substring(path.lastIndexOf('/') + 1), size,
                sha != null && sha.matches("[0-9a-f]{64}") ? sha : null);
    }

    private JsonNode tree(PullSource.HuggingFace model) {
        URI uri = base.resolve("api/models/" + model.org() + "/" + model.repo() + "/tree/main?recursive=true");
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Network.unreachable(uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException(500, "interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 404) {
            throw new PullException(404, "hf.co/" + model.org() + "/" + model.repo() + " not found on " + base.getHost()
                    + " (or it is gated or private: set HF_TOKEN)");
        }
        if (response.statusCode() != 200) {
            throw new PullException(502, base.getHost() + " answered HTTP " + response.statusCode()
                    + " listing hf.co/" + model.org() + "/" + model.repo());
        }
        try {
            JsonNode tree = JSON.readTree(response.body());
            if (!tree.isArray()) {
                throw new IOException("not a list");
            }
            return tree;
        } catch (IOException e) {
            throw new PullException(502, base.getHost() + " sent a file listing Helix cannot read: " + e.getMessage());
        }
    }
}
