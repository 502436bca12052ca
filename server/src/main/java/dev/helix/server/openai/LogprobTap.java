package dev.helix.server.openai;

import dev.helix.provider.Chunk;
import dev.helix.provider.TokenLogprob;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A generation read through {@link dev.helix.server.Replies} while keeping the tokens' log-probabilities it carries:
 * all of them (a whole answer) and those since the last {@link #drain()} (the chunk a stream is writing, since the
 * writer is told of a chunk's text right after it is read).
 */
final class LogprobTap implements Iterator<Chunk> {
    private final Iterator<Chunk> source;
    private final List<TokenLogprob> all = new ArrayList<>();
    private final List<TokenLogprob> latest = new ArrayList<>();

    LogprobTap(Iterator<Chunk> source) {
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public Chunk next() {
        Chunk chunk = source.next();
        if (chunk instanceof Chunk.Token token) {
            all.addAll(token.logprobs());
            latest.addAll(token.logprobs());
        }
        return chunk;
    }

    List<TokenLogprob> all() {
        return all;
    }

    /** The log-probabilities read since the last call. */
    List<TokenLogprob> drain() {
        var out = List.copyOf(latest);
        latest.clear();
        return out;
    }
}
