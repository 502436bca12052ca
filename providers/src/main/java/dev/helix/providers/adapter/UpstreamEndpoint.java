package dev.helix.providers.adapter;

import dev.helix.providers.upstream.ServerProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external server as an adapter calls it: its kind's profile plus what the user configured (or discovery found).
 *
 * @param id         the backend's id in routing, logs and {@code /helix/providers}, e.g. {@code gpu-box}
 * @param base       scheme, host and port (and a path prefix, if the server sits behind one), without a trailing /
 * @param apiKey     sent as the profile's auth header, or null
 * @param headers    sent with every request
 * @param timeout    connect and first-byte timeout, and the longest silence inside a stream
 * @param streaming  whether to ask for streams (false: ask whole and hand the answer out as one chunk)
 * @param modelsPath where it lists its models (the profile's unless configured)
 * @param chatPath   its OpenAI chat completions path (the profile's base path + /chat/completions unless configured)
 * @param onlyModels serve only these of its models; empty = all it lists
 */
public record UpstreamEndpoint(String id, ServerProfile profile, URI base, String apiKey, Map<String, String> headers,
                               Duration timeout, boolean streaming, String modelsPath, String chatPath,
                               List<String> onlyModels) {
    public UpstreamEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(base, "base");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(modelsPath, "modelsPath");
        Objects.requireNonNull(chatPath, "chatPath");
        onlyModels = List.copyOf(onlyModels);
        String text = base.toString();
        if (text.endsWith("/")) {
            base = URI.create(text.substring(0, text.length() - 1));
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The profile's defaults for everything but where the server is. */
    public static UpstreamEndpoint of(String id, ServerProfile profile, URI base) {
        return new UpstreamEndpoint(id, profile, base, null, Map.of(), Duration.ofSeconds(30), profile.streams(),
                profile.modelsPath(), profile.basePath() + "/chat/completions", List.of());
    }

    public UpstreamEndpoint withApiKey(String value) {
        return new UpstreamEndpoint(id, profile, base, value, headers, timeout, streaming, modelsPath, chatPath,
                onlyModels);
    }

    public UpstreamEndpoint withTimeout(Duration value) {
        return new UpstreamEndpoint(id, profile, base, apiKey, headers, value, streaming, modelsPath, chatPath,
                onlyModels);
    }

    public UpstreamEndpoint withStreaming(boolean value) {
        return new UpstreamEndpoint(id, profile, base, apiKey, headers, timeout, value && profile.streams(), modelsPath,
                chatPath, onlyModels);
    }

    /** A path of the server's OpenAI-compatible API, e.g. {@code v1("/completions")}. */
    public String v1(String path) {
        return profile.basePath() + path;
    }

    /** Words for messages: the id and where it is. */
    public String describe() {
        return id + " (" + profile.name() + " at " + base + ")";
    }
}
