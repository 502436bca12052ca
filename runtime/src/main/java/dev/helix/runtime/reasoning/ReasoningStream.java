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

    /** Log-probabilities of tokens whose text the splitter has not handed out yet. */
    private final java.util.List<dev.helix.provider.TokenLogprob> held = new java.util.ArrayList<>();

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
                case Chunk.Token token -> {
                    held.addAll(token.logprobs());
                    add(splitter.feed(token.text()));
                }
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
            // the last tokens whose bytes make the content: a marker's tokens before them carry none
            long need = split.content().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            int from = held.size();
            while (from > 0 && need > 0) {
                need -= held.get(--from).bytes().length;
            }
            ready.add(new Chunk.Token(split.content(), held.subList(from, held.size())));
            held.clear();
        } else if (!split.thinking().isEmpty()) {
            held.clear(); // reasoning carries no log-probabilities
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
