package dev.helix.server;

import dev.helix.router.Lease;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;

/**
 * A generation in flight: the lease on its model and its stream, released together. Closing it before the end
 * cancels the generation and frees the model for the next request at once.
 */
public final class Generation implements java.util.Iterator<Chunk>, AutoCloseable {
    private final Lease lease;
    private final PeekedStream stream;
    private final Runnable onClose;
    private boolean closed;

    private Generation(Lease lease, PeekedStream stream, Runnable onClose) {
        this.lease = lease;
        this.stream = stream;
        this.onClose = onClose;
    }

    /**
     * Starts a generation on a leased model; the lease is released if starting fails.
     *
     * @param onClose run once when the generation is closed (not when starting fails: the caller handles that)
     */
    public static Generation start(Lease lease, java.util.function.Function<Lease, ChunkStream> start,
                                   Runnable onClose) {
        try {
            return new Generation(lease, PeekedStream.of(start.apply(lease)), onClose);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The name the serving provider knows the model by. */
    public String modelName() {
        return lease.name();
    }

    /** Nanoseconds this request waited for its model to load. */
    public long loadNanos() {
        return lease.loadNanos();
    }

    @Override
    public boolean hasNext() {
        return stream.hasNext();
    }

    @Override
    public Chunk next() {
        return stream.next();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } finally {
            lease.close();
            onClose.run();
        }
    }
}
