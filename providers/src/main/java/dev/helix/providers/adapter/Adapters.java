package dev.helix.providers.adapter;

import dev.helix.providers.discovery.DiscoveredServer;
import dev.helix.providers.upstream.ServerKind;
import java.util.Locale;

/**
 * The one way to an adapter: the {@link UpstreamProvider} that speaks a server's preferred dialect
 * ({@link dev.helix.providers.upstream.ServerProfile#preferredDialect()}): Ollama's native API for Ollama, KoboldAI's
 * for KoboldCpp and KoboldAI United, OpenAI's for every other kind, {@link ServerKind#OPENAI_COMPATIBLE} (a server
 * configured as {@code type: openai}) included. Which API a kind prefers is data in its profile, not a choice made
 * here.
 */
public final class Adapters {
    private Adapters() {
    }

    /** An adapter to the endpoint's server, in its preferred dialect; nothing is sent until a probe or a request. */
    public static UpstreamProvider open(UpstreamEndpoint endpoint) {
        return switch (endpoint.profile().preferredDialect()) {
            case OLLAMA -> new OllamaProvider(endpoint);
            case KOBOLD_NATIVE -> new KoboldProvider(endpoint);
            case OPENAI -> new OpenAiCompatibleProvider(endpoint);
        };
    }

    /**
     * An endpoint for a server discovery found: its kind's profile and defaults, at its base URL, with the id
     * {@code <kind>@<base>} ({@code lm-studio@http://10.0.0.5:1234}). A server that {@link DiscoveredServer#needsKey()}
     * needs one added ({@link UpstreamEndpoint#withApiKey}).
     */
    public static UpstreamEndpoint endpoint(DiscoveredServer server) {
        String base = server.baseUrl().toString().replaceAll("/+$", "");
        String kind = server.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return UpstreamEndpoint.of(kind + "@" + base, server.profile(), server.baseUrl());
    }
}
