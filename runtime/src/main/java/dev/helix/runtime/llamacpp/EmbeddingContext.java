package dev.helix.runtime.llamacpp;

import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Embeddings run in a context of their own on the same file: loaded on the first embedding request, one slot,
 * one request at a time. With mmap the weights are shared with the generation context (the page cache holds them
 * once); the extra memory is the small embedding KV cache and compute buffers. Generation slots are never taken
 * by embeddings, and the generation context computes no pooled embeddings.
 */
final class EmbeddingContext implements AutoCloseable {
    private final String name;
    private final LoadParameters parameters;
    private final Duration queueTimeout;
    private final ReentrantLock lock = new ReentrantLock(true);
    private NativeModel model;
    private boolean closed;

    EmbeddingContext(String name, LoadParameters parameters, Duration queueTimeout) {
        this.name = name;
        this.parameters = parameters;
        this.queueTimeout = queueTimeout;
    }

    /** Runs {@code work} with the embedding model, waiting at most the queue timeout for the previous request. */
    <T> T with(java.util.function.Function<NativeModel, T> work) {
        try {
            if (!lock.tryLock(queueTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ProviderBusyException("embeddings of this model stayed busy for " + queueTimeout.toSeconds()
                        + " s; try again later", Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailedException("interrupted while waiting for the embedding context");
        }
        try {
            if (closed) {
                throw new ProviderFailedException("the model was unloaded");
            }
            if (model == null) {
                if (!java.nio.file.Files.isRegularFile(parameters.model())) {
                    // deleted while the model was loaded: generation goes on (the file is mapped), this context
                    // cannot start
                    throw new dev.helix.provider.ModelNotFoundException(name, "its file " + parameters.model()
                            + " is gone, and its embedding context starts on the first embedding request");
                }
                model = NativeModel.loadForEmbeddings(parameters);
            }
            return work.apply(model);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (model != null) {
                model.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
