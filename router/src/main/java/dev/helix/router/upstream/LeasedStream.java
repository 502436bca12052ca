package dev.helix.router.upstream;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.router.Lease;

/** A local model's stream that gives its lease back when it closes, so the router never unloads it mid-stream. */
final class LeasedStream implements ChunkStream {
    private final ChunkStream stream;
    private final Lease lease;

    LeasedStream(ChunkStream stream, Lease lease) {
        this.stream = stream;
        this.lease = lease;
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
        try {
            stream.close();
        } finally {
            lease.close();
        }
    }
}
