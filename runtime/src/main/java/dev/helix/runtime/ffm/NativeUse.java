package dev.helix.runtime.ffm;

import dev.helix.provider.ProviderFailedException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps a native object alive while calls into it run: each call from another thread holds a use ({@link #enter()})
 * for its duration, and {@link #close(Runnable)} frees the object only once no use is held, after which every
 * {@link #enter()} fails with "the model was unloaded". Without it a tokenize racing an unload would read freed
 * memory and take the whole process down; the router never unloads a model in use, this makes it safe regardless.
 */
final class NativeUse {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    /** A held use; closing it lets a pending {@link #close(Runnable)} go on. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws ProviderFailedException when the object was freed */
    Held enter() {
        var read = lock.readLock();
        read.lock();
        if (closed) {
            read.unlock();
            throw new ProviderFailedException("the model was unloaded");
        }
        return read::unlock;
    }

    /** Waits for the uses held now to end, then runs {@code free} once; later calls do nothing. */
    void close(Runnable free) {
        var write = lock.writeLock();
        write.lock();
        try {
            if (!closed) {
                closed = true;
                free.run();
            }
        } finally {
            write.unlock();
        }
    }

    /** Whether {@link #close(Runnable)} has run. */
    boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }
}
