package dev.helix.server;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import java.util.NoSuchElementException;

/**
 * A chunk stream whose first chunk has already been pulled, so that a failure before any output (a prompt too
 * long, a busy model, a bad grammar) surfaces while the HTTP status can still say so.
 */
public final class PeekedStream implements ChunkStream {
    private final ChunkStream stream;
    private Chunk first;

    private PeekedStream(ChunkStream stream, Chunk first) {
        this.stream = stream;
        this.first = first;
    }

    /** Pulls the first chunk; on failure the stream is closed and the exception propagates. */
    public static PeekedStream of(ChunkStream stream) {
        try {
            return new PeekedStream(stream, stream.next());
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        return first != null || stream.hasNext();
    }

    @Override
    public Chunk next() {
        if (first != null) {
            Chunk chunk = first;
            first = null;
            return chunk;
        }
        if (!stream.hasNext()) {
            throw new NoSuchElementException();
        }
        return stream.next();
    }

    @Override
    public void close() {
        stream.close();
    }
}
