package dev.helix.router.upstream;

import dev.helix.providers.routing.BackendGroup;
import dev.helix.router.Lease;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request for a name several backends serve: the group picks a backend per request (and leases a local model
 * itself when it picks Helix's own). The lease holds the group's external backends open ({@link BackendLife}) until
 * it closes, so a reload that removes or changes one lets this request finish on it.
 */
public final class RoutedLease implements Lease {
    private final String name;
    private final BackendGroup provider;
    private final List<BackendLife> held;
    private final AtomicBoolean closed = new AtomicBoolean();

    RoutedLease(String name, BackendGroup provider, List<BackendLife> held) {
        this.name = Objects.requireNonNull(name, "name");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.held = List.copyOf(held);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BackendGroup provider() {
        return provider;
    }

    @Override
    public long loadNanos() {
        return 0;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            held.forEach(BackendLife::release);
        }
    }
}
