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
        ServerProfile profile = ServerProfiles.of(ProviderTypes.kind(config.type())
                .orElse(dev.helix.providers.upstream.ServerKind.OPENAI_COMPATIBLE));
        var defaults = UpstreamEndpoint.of(config.name(), profile, config.endpoint());
        boolean streaming = config.streaming() != null ? config.streaming() && profile.streams() : profile.streams();
        return new UpstreamEndpoint(config.name(), profile, config.endpoint(), config.apiKey(), config.headers(),
                config.timeout(), streaming,
                config.modelEndpoint() != null ? config.modelEndpoint() : defaults.modelsPath(),
                config.chatEndpoint() != null ? config.chatEndpoint() : defaults.chatPath(), config.models());
    }
}
