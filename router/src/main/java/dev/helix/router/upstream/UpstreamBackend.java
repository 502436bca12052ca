package dev.helix.router.upstream;

import dev.helix.providers.routing.Backend;
import java.util.Objects;

/**
 * An external server in the routing: its backend (provider, breaker, in-flight count, latency) and where it came
 * from.
 *
 * @param kind       the server's kind, as models.yaml spells it
 * @param endpoint   its base URL
 * @param discovered whether discovery found it (a configured provider wins over a discovered one at the same URL)
 */
public record UpstreamBackend(String kind, String endpoint, boolean discovered, Backend backend) {
    public UpstreamBackend {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(backend, "backend");
    }

    public String id() {
        return backend.id();
    }
}
