package dev.helix.provider;

import java.util.Iterator;

/**
 * The chunks of one generation, in order, ending with exactly one {@link Chunk.Done}. {@link #next()} blocks
 * until the next chunk is there and throws a {@link ProviderException} if the generation fails.
 * {@link #close()} before the end cancels the generation; closing is idempotent and always safe.
 */
public interface ChunkStream extends Iterator<Chunk>, AutoCloseable {

    @Override
    void close();

    /** Drains the stream into one result, closing it. */
    default Completion collect() {
        try (this) {
            var text = new StringBuilder();
            var reasoning = new StringBuilder();
            var calls = new java.util.ArrayList<Chunk.ToolCall>();
            while (hasNext()) {
                switch (next()) {
                    case Chunk.Token token -> text.append(token.text());
                    case Chunk.Reasoning thought -> reasoning.append(thought.text());
                    case Chunk.ToolCall call -> calls.add(call);
                    case Chunk.Done done -> {
                        return new Completion(text.toString(), reasoning.toString(), calls, done.reason(), done.usage(),
                                done.timings());
                    }
                }
            }
            throw new ProviderFailedException("stream ended without a final chunk");
        }
    }
}
