package dev.helix.router.upstream;

import dev.helix.providers.routing.BackendGroup;
import dev.helix.router.Lease;

/**
 * A request for a name several backends serve: the group picks a backend per request (and leases a local model
 * itself when it picks Helix's own), so this lease holds nothing.
 */
public record RoutedLease(String name, BackendGroup provider) implements Lease {
    @Override
    public long loadNanos() {
        return 0;
    }

    @Override
    public void close() {
    }
}
