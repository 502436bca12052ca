package dev.helix.providers.routing;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.ProviderException;
import java.util.NoSuchElementException;

/**
 * A backend's stream after its first chunk: hands that chunk out first, then the rest. From here on nothing is
 * retried (the caller has bytes): a failure counts against the backend's breaker and reaches the caller, which ends
 * its stream with an error in its API's shape. The backend's in-flight count drops once, on the end or the close.
 */
final class RelayedStream implements ServedStream {
    private final ChunkStream upstream;
    private final Backend backend;
    private Chunk first;
    private boolean ended;

    RelayedStream(Chunk first, ChunkStream upstream, Backend backend) {
        this.first = first;
        this.upstream = upstream;
        this.backend = backend;
        if (first instanceof Chunk.Done) {
            end();
        }
    }

    @Override
    public String backend() {
        return backend.id();
    }

    @Override
    public boolean hasNext() {
        return first != null || (!ended && upstream.hasNext());
    }

    @Override
    public Chunk next() {
        if (first != null) {
            Chunk chunk = first;
            first = null;
            return chunk;
        }
        if (ended) {
            throw new NoSuchElementException();
        }
        try {
            Chunk chunk = upstream.next();
            if (chunk instanceof Chunk.Done) {
                end();
            }
            return chunk;
        } catch (ProviderException e) {
            if (e.retriable()) {
                backend.breaker().failure("stream broke: " + e.getMessage());
            }
            end();
            throw e;
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            backend.end();
        }
    }

    @Override
    public void close() {
        try {
            upstream.close();
        } finally {
            end();
        }
    }
}
