package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The consumer side of a generation that another thread produces: chunks in order, ended by a
 * {@link Chunk.Done} or by one error. Shared by in-process generations and generations in a runner.
 */
final class ChunkQueue {
    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile boolean finished;

    void add(Chunk chunk) {
        items.add(chunk);
    }

    void fail(ProviderException error) {
        items.add(error);
    }

    boolean finished() {
        return finished;
    }

    /** Stops delivery; a consumer blocked in {@link #take()} still gets what the producer sends last. */
    void finish() {
        finished = true;
    }

    /**
     * The next chunk, blocking until the producer sends it.
     *
     * @throws ProviderException      the producer's error, after which the queue is finished
     * @throws NoSuchElementException after the end
     */
    Chunk take() {
        if (finished) {
            throw new NoSuchElementException();
        }
        Object item;
        try {
            item = items.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = true;
            throw new ProviderFailedException("interrupted while waiting for the next token");
        }
        if (item instanceof ProviderException error) {
            finished = true;
            throw error;
        }
        Chunk chunk = (Chunk) item;
        if (chunk instanceof Chunk.Done) {
            finished = true;
        }
        return chunk;
    }
}
