package dev.helix.runtime.ffm;

import dev.helix.provider.Chunk;

/**
 * Where one generation's chunks go, called on the decode loop's thread. Either a queue that a reader takes them from
 * ({@link FfmStream}), or a consumer that forwards them itself (the runner writes each as a frame to the server),
 * which saves the wake-up of a reader thread for every token. A sink must never block: the loop decodes every stream.
 */
public interface ChunkSink {
    /** The generation's next chunk; its last is a {@link Chunk.Done}. */
    void accept(Chunk chunk);

    /** The generation failed: nothing follows. May come from any thread (an unload, a submit after it). */
    void fail(RuntimeException error);

    /**
     * Whether the consumer has room for another chunk. While it has none the loop leaves the sequence out of its steps
     * (flow control), until the consumer calls {@link SequenceControl#resume()}.
     */
    boolean ready();

    /** The loop's step that gave this sink chunks is over: a sink that gathers its writes sends them now. */
    default void stepEnd() {
    }
}
