package dev.helix.provider;

import java.util.List;

/**
 * A backend that serves models: the embedded llama.cpp runtime (one model per provider) or, later, an
 * external server that serves many. Requests name their model; a provider that does not serve it throws
 * {@link ModelNotFoundException}. All methods may be called from many threads at once.
 *
 * <p>Streams are pull-based: {@link ChunkStream#next()} blocks for the next chunk, and closing a stream
 * before its {@link Chunk.Done} cancels the generation, so a caller that goes away frees the model.
 */
public interface Provider extends AutoCloseable {

    /** A stable, human-readable id, e.g. {@code llama.cpp:stories260K} or {@code vllm@http://host:8000}. */
    String id();

    /** The models this provider serves right now, as descriptions (name, family, size, context, capabilities). */
    List<ModelInfo> models();

    /**
     * Whether the provider can take requests now, from what it already knows (a remote backend answers from its last
     * {@link #probe()}, never with a round trip per call); never throws.
     */
    Health health();

    /**
     * Checks now, which may take a round trip to a remote backend, and remembers the answer for {@link #health()};
     * never throws. A health monitor calls it on an interval. Providers that always know their state need not
     * override it.
     */
    default Health probe() {
        return health();
    }

    /** Chat through the model's own chat template. */
    ChunkStream chat(ChatRequest request);

    /** Raw completion of a prompt, no template applied. */
    ChunkStream complete(CompletionRequest request);

    /** One embedding vector per input. */
    Embeddings embed(EmbeddingRequest request);

    /**
     * The model's token ids for a text.
     *
     * @param addSpecial whether to add the tokens the model puts before every prompt (BOS)
     * @throws InvalidRequestException when the backend cannot tokenize
     */
    default int[] tokenize(String model, String text, boolean addSpecial) {
        throw new InvalidRequestException("tokenize is not supported by this backend");
    }

    /** The text of token ids. @throws InvalidRequestException when the backend cannot detokenize */
    default String detokenize(String model, int[] tokens) {
        throw new InvalidRequestException("detokenize is not supported by this backend");
    }

    /**
     * The prompt a chat request becomes through the model's chat template, tools included.
     *
     * @throws InvalidRequestException when the backend does not apply templates itself
     */
    default String applyTemplate(ChatRequest request) {
        throw new InvalidRequestException("apply-template is not supported by this backend");
    }

    /** Stops the provider and frees what it holds; idempotent. */
    @Override
    void close();
}
