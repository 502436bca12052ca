package dev.helix.runtime.llamacpp;

/**
 * Credit-based flow control for one stream: its producer may run at most {@link #SIZE} chunks ahead of its
 * consumer. A consumer that stops reading therefore stops its generation after a bounded number of tokens instead of
 * letting it run to the end of the context into a queue nobody reads, and memory per stream stays bounded. Closing
 * the window (the stream was abandoned) releases a producer waiting for credit at once.
 */
final class FlowWindow {
    /** Chunks a producer may send before its consumer has taken them. */
    static final int SIZE = 64;
    /** Credit is returned in batches of this many taken chunks, so a runner gets one small frame per batch. */
    static final int BATCH = SIZE / 2;

    private int credits = SIZE;
    private boolean closed;

    /**
     * Takes one credit, waiting while none is left.
     *
     * @return true with a credit taken, false once the window is closed (the consumer is gone)
     */
    synchronized boolean acquire() throws InterruptedException {
        while (credits == 0 && !closed) {
            wait();
        }
        if (closed) {
            return false;
        }
        credits--;
        return true;
    }

    /** Gives back credit for chunks the consumer has taken. */
    synchronized void grant(int chunks) {
        credits += chunks;
        notifyAll();
    }

    /** No more waiting: the consumer has gone. Idempotent. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
