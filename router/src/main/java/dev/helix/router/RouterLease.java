package dev.helix.router;

import dev.helix.provider.Provider;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease on one {@link ModelSlot}; returns itself to the router exactly once. */
final class RouterLease implements Lease {
    private final ModelRouter router;
    final ModelSlot slot;
    private final Provider provider;
    private final long loadNanos;
    private final AtomicBoolean closed = new AtomicBoolean();

    RouterLease(ModelRouter router, ModelSlot slot, Provider provider, long loadNanos) {
        this.router = router;
        this.slot = slot;
        this.provider = provider;
        this.loadNanos = loadNanos;
    }

    @Override
    public String name() {
        return slot.entry.id();
    }

    @Override
    public Provider provider() {
        return provider;
    }

    @Override
    public long loadNanos() {
        return loadNanos;
    }

    /** Marks the lease closed; true only for the first call, so the router counts it back once. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    @Override
    public void close() {
        if (markClosed()) {
            router.release(this);
        }
    }

    @Override
    public String toString() {
        return "Lease[" + slot.id() + (closed.get() ? ", closed]" : "]");
    }
}
