package dev.helix.server;

import dev.helix.provider.ProviderBusyException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The model work the server is doing (generations, embeddings, loads), so that a shutdown can let it finish and end
 * what is left at its deadline. Each request holds a {@link Ticket} while it works; the waits it makes on a model
 * (for a lease, a chunk, an embedding) go through {@link Ticket#await}, the only place where a shutdown interrupts
 * it. A request is never interrupted while it writes to its client: at its next wait it sees the shutdown and ends
 * with {@link #shuttingDown()}, which each API sends in its own error shape (a 503, or an error event mid-stream).
 */
public final class InFlight {
    private final Set<Ticket> tickets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** The error a request gets for model work the shutdown refused or ended. */
    public static ProviderBusyException shuttingDown() {
        return new ProviderBusyException("Helix is shutting down; the request was not finished", Duration.ofSeconds(1));
    }

    /** Registers the calling thread's model work; after {@link #close()}, refuses it. */
    public Ticket enter() {
        if (closed) {
            throw shuttingDown();
        }
        var ticket = new Ticket(Thread.currentThread());
        tickets.add(ticket);
        if (closed) { // closed in between: endAll may not have seen it
            ticket.close();
            throw shuttingDown();
        }
        return ticket;
    }

    /** Refuses new model work from now on; work already running goes on. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Requests doing model work now. */
    public int size() {
        return tickets.size();
    }

    /**
     * Waits until no request does model work, or the time is up.
     *
     * @return whether none is left
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!tickets.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Ends every request still working: each stops at its current or next wait on a model. */
    public void endAll() {
        close();
        for (Ticket ticket : List.copyOf(tickets)) {
            ticket.end();
        }
    }

    private synchronized void left(Ticket ticket) {
        tickets.remove(ticket);
        notifyAll();
    }

    /** One request's model work; closed when the request is done with its model. */
    public final class Ticket implements AutoCloseable {
        private final Thread thread;
        private boolean waiting;
        private boolean ending;
        private boolean done;

        private Ticket(Thread thread) {
            this.thread = thread;
        }

        /**
         * Runs a wait on a model (a lease, a chunk, an embedding). If the shutdown ends this request before or during
         * the wait, the wait is interrupted and {@link #shuttingDown()} is thrown instead of its own outcome.
         */
        public <T> T await(Supplier<T> wait) {
            synchronized (this) {
                if (ending) {
                    throw shuttingDown();
                }
                waiting = true;
            }
            try {
                return wait.get();
            } catch (RuntimeException e) {
                synchronized (this) {
                    if (ending) {
                        throw shuttingDown();
                    }
                }
                throw e;
            } finally {
                synchronized (this) {
                    waiting = false;
                    if (ending) {
                        Thread.interrupted(); // the interrupt was for the wait only: the error still has to be written
                    }
                }
            }
        }

        private synchronized void end() {
            if (!done && !ending) {
                ending = true;
                if (waiting) {
                    thread.interrupt();
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            left(this);
        }
    }
}
