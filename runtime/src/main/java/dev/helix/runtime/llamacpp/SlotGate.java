package dev.helix.runtime.llamacpp;

import dev.helix.provider.ProviderBusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Admits at most one request per KV cache slot, first come first served. A request that waits longer than the
 * queue timeout gets {@link ProviderBusyException} (503 with Retry-After), never an endless wait; one whose caller
 * went away stops waiting within {@link #POLL}.
 */
final class SlotGate {
    private static final Duration POLL = Duration.ofMillis(50);

    private final Semaphore slots;
    private final int size;
    private final Duration queueTimeout;

    SlotGate(int size, Duration queueTimeout) {
        this.slots = new Semaphore(size, true);
        this.size = size;
        this.queueTimeout = queueTimeout;
    }

    /**
     * Waits for a free slot.
     *
     * @return true with a slot held, false if {@code abandoned} turned true while waiting
     */
    boolean enter(BooleanSupplier abandoned) throws InterruptedException {
        long deadline = System.nanoTime() + queueTimeout.toNanos();
        while (!slots.tryAcquire(POLL.toNanos(), TimeUnit.NANOSECONDS)) {
            if (abandoned.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ProviderBusyException("all " + size + " slots of this model stayed busy for "
                        + queueTimeout.toSeconds() + " s; try again later", Duration.ofSeconds(2));
            }
        }
        return true;
    }

    void leave() {
        slots.release();
    }

    /** Requests waiting for a slot now (an estimate, for display). */
    int waiting() {
        return slots.getQueueLength();
    }
}
