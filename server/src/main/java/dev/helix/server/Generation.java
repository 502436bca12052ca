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
    private final InFlight.Ticket ticket;
    private final Runnable onClose;
    private final dev.helix.server.observe.RequestRecord record;
    private boolean closed;

    private Generation(Lease lease, PeekedStream stream, InFlight.Ticket ticket, Runnable onClose,
                       dev.helix.server.observe.RequestRecord record) {
        this.lease = lease;
        this.stream = stream;
        this.ticket = ticket;
        this.onClose = onClose;
        this.record = record;
    }

    /**
     * Starts a generation on a leased model; the lease is released if starting fails.
     *
     * @param ticket  the request's model work: waits for a chunk go through it, so a shutdown can end them
     * @param onClose run once when the generation is closed (not when starting fails: the caller handles that)
     */
    public static Generation start(Lease lease, java.util.function.Function<Lease, ChunkStream> start,
                                   InFlight.Ticket ticket, Runnable onClose) {
        return start(lease, start, ticket, onClose, null);
    }

    /**
     * The same, telling {@code record} (when not null) the model, the backend, when the first chunk was ready and,
     * at the end, the token counts.
     */
    public static Generation start(Lease lease, java.util.function.Function<Lease, ChunkStream> start,
                                   InFlight.Ticket ticket, Runnable onClose,
                                   dev.helix.server.observe.RequestRecord record) {
        try {
            ChunkStream raw = ticket.await(() -> start.apply(lease));
            PeekedStream peeked = ticket.await(() -> PeekedStream.of(raw));
            if (record != null) {
                record.served(lease.name(), backendOf(lease, raw), lease.loadNanos());
                record.firstChunk(System.nanoTime());
            }
            return new Generation(lease, peeked, ticket, onClose, record);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Which backend serves a lease: the one a group picked for this stream, else Helix's own models. */
    static String backendOf(Lease lease, ChunkStream stream) {
        if (stream instanceof dev.helix.providers.routing.ServedStream served) {
            return served.backend();
        }
        return lease instanceof dev.helix.router.upstream.RoutedLease routed ? routed.provider().id()
                : dev.helix.router.upstream.LocalBackend.ID;
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
        return ticket.await(stream::hasNext); // an upstream's stream may block here, reading its next line
    }

    /** The next chunk; a shutdown that ends this request makes it throw {@link InFlight#shuttingDown()}. */
    @Override
    public Chunk next() {
        Chunk chunk = ticket.await(stream::next);
        if (record != null && chunk instanceof Chunk.Done done) {
            record.usage(done.usage());
        }
        return chunk;
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
