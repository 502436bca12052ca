package dev.helix.runtime.llamacpp;

import dev.helix.runtime.Chunk;
import dev.helix.runtime.ChunkStream;
import dev.helix.runtime.ProviderException;
import dev.helix.runtime.ProviderFailedException;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A generation running in a runner, seen from the server: the connection's reader thread feeds it, the caller
 * pulls from it. Closing it before its end tells the runner to cancel.
 */
final class RemoteStream implements ChunkStream {
    private final long id;
    private final RunnerProvider owner;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile boolean finished;

    RemoteStream(long id, RunnerProvider owner) {
        this.id = id;
        this.owner = owner;
    }

    void offer(Chunk chunk) {
        queue.add(chunk);
    }

    void fail(ProviderException error) {
        queue.add(error);
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
            throw new ProviderFailedException("interrupted while waiting for the next token");
        }
        if (item instanceof ProviderException e) {
            finished = true;
            owner.forget(id);
            throw e;
        }
        Chunk chunk = (Chunk) item;
        if (chunk instanceof Chunk.Done) {
            finished = true;
            owner.forget(id);
        }
        return chunk;
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            owner.cancel(id);
        }
    }
}
