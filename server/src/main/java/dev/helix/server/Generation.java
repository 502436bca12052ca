package dev.helix.server;

import dev.helix.router.Lease;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;

/**
 * A generation in flight: the lease on its model and its stream, released together. Closing it before the end
 * cancels the generation and frees the model for the next request at once.
 */
public final class Generation implements AutoCloseable {
    private final Lease lease;
    private final PeekedStream stream;
    private final InFlight.Ticket ticket;
    private final Runnable onClose;
    private boolean closed;

    private Generation(Lease lease, PeekedStream stream, InFlight.Ticket ticket, Runnable onClose) {
        this.lease = lease;
        this.stream = stream;
        this.ticket = ticket;
        this.onClose = onClose;
    }

    /**
     * Starts a generation on a leased model; the lease is released if starting fails.
     *
     * @param ticket  the request's model work: waits for a chunk go through it, so a shutdown can end them
     * @param onClose run once when the generation is closed (not when starting fails: the caller handles that)
     */
    public static Generation start(Lease lease, java.util.function.Function<Lease, ChunkStream> start,
                                   InFlight.Ticket ticket, Runnable onClose) {
        try {
            return new Generation(lease, ticket.await(() -> PeekedStream.of(start.apply(lease))), ticket, onClose);
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

    public boolean hasNext() {
        return ticket.await(stream::hasNext); // an upstream's stream may block here, reading its next line
    }

    /** The next chunk; a shutdown that ends this request makes it throw {@link InFlight#shuttingDown()}. */
    public Chunk next() {
        return ticket.await(stream::next);
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
