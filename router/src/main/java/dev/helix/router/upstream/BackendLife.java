package dev.helix.router.upstream;

import dev.helix.provider.Provider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long an external backend's provider (its adapter, its connection pool, a managed server's process) stays open:
 * while the routing uses it, and, once a reload has removed or replaced it ({@link #retire()}), until the last request
 * that {@link #hold() held} it ends. Then it is closed, once. A closed one can no longer be held: a request that finds
 * it so reads the routing again and gets the backends in force.
 */
final class BackendLife {
    private static final int CLOSED = -1;

    private final Provider provider;
    /** Requests holding it, or {@link #CLOSED}. */
    private final AtomicInteger holds = new AtomicInteger();
    private volatile boolean retired;

    BackendLife(Provider provider) {
        this.provider = provider;
    }

    Provider provider() {
        return provider;
    }

    /** Holds it open for one request; false when it is closed already. */
    boolean hold() {
        while (true) {
            int n = holds.get();
            if (n == CLOSED) {
                return false;
            }
            if (holds.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Ends a {@link #hold()}; the last one of a retired backend closes it. */
    void release() {
        while (true) {
            int n = holds.get();
            if (n <= 0) {
                return; // closed whoever held it (Helix stopped)
            }
            if (holds.compareAndSet(n, n - 1)) {
                if (n == 1 && retired) {
                    closeIfUnheld();
                }
                return;
            }
        }
    }

    /** Takes it out of service: closed now when no request holds it, else when the last one ends. */
    void retire() {
        retired = true;
        closeIfUnheld();
    }

    /** Closes it whoever holds it (Helix is stopping). */
    void close() {
        if (holds.getAndSet(CLOSED) != CLOSED) {
            provider.close();
        }
    }

    boolean closed() {
        return holds.get() == CLOSED;
    }

    /** Requests holding it now. */
    int holds() {
        return Math.max(0, holds.get());
    }

    private void closeIfUnheld() {
        if (holds.compareAndSet(0, CLOSED)) {
            provider.close();
        }
    }
}
