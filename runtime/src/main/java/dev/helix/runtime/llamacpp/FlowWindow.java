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
    /** Told of every grant: a producer that does not wait in {@link #acquire()} (the decode loop) resumes on it. */
    private Runnable onGrant = () -> { };

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

    /** Whether a chunk may go now without waiting: credit is left, or the window is closed (nothing will wait). */
    synchronized boolean ready() {
        return credits > 0 || closed;
    }

    /**
     * Takes one credit without waiting, for a producer that asked {@link #ready()} first; false once the window is
     * closed. A chunk a step makes beyond the credit (the held text before the end) may take it below zero.
     */
    synchronized boolean take() {
        if (closed) {
            return false;
        }
        credits--;
        return true;
    }

    /** Runs {@code action} after every grant from now on. */
    synchronized void onGrant(Runnable action) {
        onGrant = action;
    }

    /** Gives back credit for chunks the consumer has taken. */
    void grant(int chunks) {
        Runnable action;
        synchronized (this) {
            credits += chunks;
            notifyAll();
            action = onGrant;
        }
        action.run();
    }

    /** No more waiting: the consumer has gone. Idempotent. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
