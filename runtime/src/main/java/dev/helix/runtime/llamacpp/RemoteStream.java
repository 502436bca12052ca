package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.ProviderException;

/**
 * A generation running in a runner, seen from the server: the connection's reader thread feeds it, the caller
 * pulls from it and returns credit to the runner as it goes ({@link FlowWindow}), so the queue never holds more than
 * a window of chunks. Closing it before its end tells the runner to cancel.
 */
final class RemoteStream implements ChunkStream {
    private final long id;
    private final RunnerProvider owner;
    private final ChunkQueue queue = new ChunkQueue();
    private final long sentAt;
    private final java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
    private int taken;
    private volatile boolean answered;

    /** @param sentAt the stall clock's reading when the request went to the runner */
    RemoteStream(long id, RunnerProvider owner, long sentAt) {
        this.id = id;
        this.owner = owner;
        this.sentAt = sentAt;
    }

    long sentAt() {
        return sentAt;
    }

    /** Fails the stream once, for waiting too long in a silent runner; its consumer then cancels it. */
    void expire(ProviderException error) {
        if (expired.compareAndSet(false, true)) {
            queue.fail(error);
        }
    }

    void offer(Chunk chunk) {
        answered = true;
        queue.add(chunk);
    }

    /** Whether the runner sent anything for this stream yet. */
    boolean answered() {
        return answered;
    }

    void fail(ProviderException error) {
        queue.fail(error);
    }

    @Override
    public boolean hasNext() {
        return !queue.finished();
    }

    @Override
    public Chunk next() {
        try {
            Chunk chunk = queue.take();
            if (queue.finished()) {
                owner.forget(id);
            } else if (++taken == FlowWindow.BATCH) {
                taken = 0;
                owner.credit(id, FlowWindow.BATCH);
            }
            return chunk;
        } catch (ProviderException e) {
            owner.cancel(id);
            throw e;
        }
    }

    @Override
    public void close() {
        if (!queue.finished()) {
            queue.finish();
            owner.cancel(id);
        }
    }
}
