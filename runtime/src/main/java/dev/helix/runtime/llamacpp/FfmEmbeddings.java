package dev.helix.runtime.llamacpp;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.runtime.ffm.FfmEmbedder;
import dev.helix.runtime.ffm.FfmModel;
import dev.helix.runtime.ffm.Pooling;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Embeddings of an {@code engine: ffm} model: an {@link FfmEmbedder} on the same {@code llama_model}, created on
 * the first embedding request, one request at a time (a request's inputs are batched together), while generation
 * goes on in the model's own context. No second copy of the model and no binding are loaded.
 *
 * <p>The pooling is the file's {@code <arch>.pooling_type}, passed to llama.cpp by Helix (which reads the key
 * itself); a file without one is a generative model and gets LAST, as on the binding engine. NONE (one vector per
 * token) and RANK (a reranker's score) have no vector per input, so embedding requests are refused for them, as
 * llama-server refuses NONE on its OpenAI endpoint.
 */
final class FfmEmbeddings implements AutoCloseable {
    /** Inputs one batch carries at most (each its own sequence). */
    static final int MAX_SEQUENCES = 16;

    private final String name;
    private final FfmModel model;
    private final int fileType;
    private final int batchSize;
    private final Duration queueTimeout;
    private final ReentrantLock lock = new ReentrantLock(true);
    private FfmEmbedder embedder;
    private boolean closed;

    FfmEmbeddings(String name, FfmModel model, int fileType, int batchSize, Duration queueTimeout) {
        this.name = name;
        this.model = model;
        this.fileType = fileType;
        this.batchSize = batchSize;
        this.queueTimeout = queueTimeout;
    }

    /** The pooling embeddings of this model use; refuses a file whose pooling makes no vector per input. */
    Pooling pooling() {
        if (fileType < 0) {
            return Pooling.LAST;
        }
        Pooling declared = Pooling.of(fileType);
        if (declared == null) {
            throw new InvalidRequestException("model " + name + " declares pooling type " + fileType
                    + ", which llama.cpp does not know; embeddings need mean, cls or last");
        }
        return switch (declared) {
            case MEAN, CLS, LAST -> declared;
            case NONE -> throw new InvalidRequestException("model " + name + " declares pooling type none (one "
                    + "vector per token), which gives no single vector per input; embeddings need a model that "
                    + "declares mean, cls or last pooling (or none at all, which means last)");
            case RANK -> throw new InvalidRequestException("model " + name + " declares pooling type rank: it is a "
                    + "reranker, which scores pairs of texts and makes no embeddings");
        };
    }

    /** One normalised vector per input (tokens with special tokens added). */
    List<float[]> embed(List<int[]> inputs) {
        Pooling pooling = pooling();
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
            if (embedder == null) {
                embedder = model.embedder(pooling, batchSize, MAX_SEQUENCES);
            }
            return embedder.embed(inputs);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (embedder != null) {
                embedder.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
