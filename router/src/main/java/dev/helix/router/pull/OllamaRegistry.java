package dev.helix.router.pull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Ollama's registry, a Docker registry (HTTP API v2): {@code GET {base}/v2/NAMESPACE/NAME/manifests/TAG} with the
 * manifest media type in {@code Accept} gives the manifest, and {@code GET {base}/v2/NAMESPACE/NAME/blobs/sha256:HEX}
 * each blob, usually by a redirect to a CDN. The base is {@code https://registry.ollama.ai} unless
 * {@code HELIX_OLLAMA_REGISTRY} names another (a mirror, or a test's fake).
 */
final class OllamaRegistry {
    static final URI DEFAULT = URI.create("https://registry.ollama.ai/");
    static final String MIRROR_VARIABLE = "HELIX_OLLAMA_REGISTRY";

    private final HttpClient http;
    private final URI base;

    OllamaRegistry(HttpClient http, URI base) {
        this.http = http;
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    }

    /** @throws PullException 404 when the registry has no such model or tag, 502 when it cannot be read */
    OllamaManifest manifest(PullSource.Ollama model) {
        URI uri = base.resolve("v2/" + model.namespace() + "/" + model.model() + "/manifests/" + model.tag());
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", OllamaManifest.MEDIA_TYPE).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Network.unreachable(uri, e, MIRROR_VARIABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException(500, "interrupted");
        }
        if (response.statusCode() == 404) {
            throw new PullException(404, "pull model manifest: file does not exist: " + model.servedName()
                    + " is not in Ollama's registry (" + base.getAuthority() + ")");
        }
        if (response.statusCode() != 200) {
            throw new PullException(502, base.getAuthority() + " answered HTTP " + response.statusCode()
                    + " for the manifest of " + model.servedName());
        }
        try {
            return OllamaManifest.parse(response.body());
        } catch (IOException e) {
            throw new PullException(502, base.getAuthority() + " sent a manifest for " + model.servedName()
                    + " Helix cannot use: " + e.getMessage());
        }
    }

    /** Where a blob of the model is (the registry may redirect elsewhere). */
    URI blob(PullSource.Ollama model, OllamaManifest.Blob blob) {
        return base.resolve("v2/" + model.namespace() + "/" + model.model() + "/blobs/" + blob.digest());
    }
}
