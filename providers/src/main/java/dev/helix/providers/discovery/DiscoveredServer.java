package dev.helix.providers.discovery;

import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A server found answering at a base URL.
 *
 * @param kind     what it is
 * @param baseUrl  where ({@code http://host:port}, no path)
 * @param models   what it lists; empty when it needs a key it was not given
 * @param needsKey whether it refused to list its models (or to be probed) without an API key
 * @param evidence the fingerprint that matched, in words
 * @param seenAt   when it was probed
 */
public record DiscoveredServer(ServerKind kind, URI baseUrl, List<DiscoveredModel> models, boolean needsKey,
                               String evidence, Instant seenAt) {
    public DiscoveredServer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(baseUrl, "baseUrl");
        models = List.copyOf(models);
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(seenAt, "seenAt");
    }

    public ServerProfile profile() {
        return ServerProfiles.of(kind);
    }
}
