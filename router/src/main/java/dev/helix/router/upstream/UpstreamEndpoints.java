package dev.helix.router.upstream;

import dev.helix.providers.adapter.UpstreamEndpoint;
import dev.helix.providers.upstream.ServerProfile;
import dev.helix.providers.upstream.ServerProfiles;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.ProviderTypes;

/** A configured provider as its adapter is told: the kind's profile, overridden where the user said otherwise. */
public final class UpstreamEndpoints {
    private UpstreamEndpoints() {
    }

    public static UpstreamEndpoint of(ProviderConfig config) {
        return of(config, config.endpoint());
    }

    /** As {@link #of(ProviderConfig)}, with the server at {@code base} (a managed server's port of this start). */
    public static UpstreamEndpoint of(ProviderConfig config, java.net.URI base) {
        ServerProfile profile = ServerProfiles.of(ProviderTypes.kind(config.type())
                .orElse(dev.helix.providers.upstream.ServerKind.OPENAI_COMPATIBLE));
        var defaults = UpstreamEndpoint.of(config.name(), profile, base);
        boolean streaming = config.streaming() != null ? config.streaming() && profile.streams() : profile.streams();
        return new UpstreamEndpoint(config.name(), profile, base, config.apiKey(), config.headers(),
                config.timeout(), streaming,
                config.modelEndpoint() != null ? config.modelEndpoint() : defaults.modelsPath(),
                config.chatEndpoint() != null ? config.chatEndpoint() : defaults.chatPath(), config.models());
    }
}
