package dev.helix.runtime.ffm;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.util.NoSuchElementException;

/**
 * One generation's chunks as the decode loop produces them. {@link #next()} waits on this stream's own queue only,
 * so a reader wakes for its own tokens and never for another stream's. Closing before the end cancels the sequence:
 * the loop frees its cells and ends it with a CANCELLED {@link Chunk.Done}.
 */
public final class FfmStream implements ChunkStream {
    private final QueueSink queue;
    private final SequenceControl control;
    private boolean finished;

    FfmStream(QueueSink queue, SequenceControl control) {
        this.queue = queue;
        this.control = control;
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public Chunk next() {
        if (finished) {
            throw new NoSuchElementException();
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ProviderFailedException("interrupted while waiting for a token");
        }
        control.resume();
        if (item instanceof ProviderException e) {
            finished = true;
            throw e;
        }
        if (item instanceof RuntimeException e) {
            finished = true;
            throw new ProviderFailedException("generation failed: " + e, e);
        }
        Chunk chunk = (Chunk) item;
        if (chunk instanceof Chunk.Done) {
            finished = true;
        }
        return chunk;
    }

    /** Cancels an unfinished generation; the loop frees its sequence. Idempotent, from any thread. */
    @Override
    public void close() {
        control.close();
    }
}
