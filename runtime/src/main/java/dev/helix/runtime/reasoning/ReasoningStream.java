package dev.helix.runtime.reasoning;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * A thinking model's stream with its leading {@code <think>...</think>} block turned into {@link Chunk.Reasoning}
 * chunks and the rest left as {@link Chunk.Token}s, whatever the token boundaries: a marker split across tokens is
 * held back until it is decided. Every API then shows reasoning its own way (OpenAI {@code reasoning_content},
 * Ollama {@code thinking}, Anthropic thinking blocks) from the same chunks.
 */
public final class ReasoningStream implements ChunkStream {
    private final ChunkStream source;
    private final ThinkSplitter splitter = new ThinkSplitter();
    private final Deque<Chunk> ready = new ArrayDeque<>();
    private boolean ended;

    private ReasoningStream(ChunkStream source) {
        this.source = source;
    }

    /** The stream split when {@code split} is true (the request asked and the model thinks), else as it is. */
    public static ChunkStream of(ChunkStream source, boolean split) {
        return split ? new ReasoningStream(source) : source;
    }

    @Override
    public boolean hasNext() {
        return !ready.isEmpty() || !ended;
    }

    @Override
    public Chunk next() {
        while (ready.isEmpty()) {
            if (ended) {
                throw new NoSuchElementException();
            }
            switch (source.next()) {
                case Chunk.Token token -> add(splitter.feed(token.text()));
                case Chunk.Done done -> {
                    add(splitter.finish());
                    ready.add(done);
                    ended = true;
                }
                case Chunk other -> ready.add(other);
            }
        }
        return ready.poll();
    }

    private void add(ThinkSplitter.Split split) {
        if (!split.thinking().isEmpty()) {
            ready.add(new Chunk.Reasoning(split.thinking()));
        }
        if (!split.content().isEmpty()) {
            ready.add(new Chunk.Token(split.content()));
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
