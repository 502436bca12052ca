package dev.helix.providers.routing;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose answers are scripted: each request takes the next {@link Outcome} (the last one repeats). It
 * records the model names it was asked for and how many of its streams are open.
 */
final class ScriptedProvider implements Provider {

    sealed interface Outcome {}

    /** Streams these tokens, then Done. */
    record Answer(List<String> tokens) implements Outcome {}

    /** Throws when the request is made, before any chunk. */
    record Refuse(ProviderException error) implements Outcome {}

    /** Streams these tokens, then throws. */
    record BreakAfter(List<String> tokens, ProviderException error) implements Outcome {}

    private final String id;
    private final Deque<Outcome> script = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Health health = Health.up();

    ScriptedProvider(String id, Outcome... outcomes) {
        this.id = id;
        script.addAll(List.of(outcomes));
    }

    static Answer answer(String... tokens) {
        return new Answer(List.of(tokens));
    }

    synchronized void then(Outcome... outcomes) {
        script.clear();
        script.addAll(List.of(outcomes));
    }

    void health(Health now) {
        health = now;
    }

    synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    int openStreams() {
        return open.get();
    }

    private synchronized Outcome next(String model) {
        asked.add(model);
        return script.size() > 1 ? script.poll() : script.peek();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of();
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        return stream(next(request.model()));
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        return stream(next(request.model()));
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        if (next(request.model()) instanceof Refuse refuse) {
            throw refuse.error();
        }
        return new Embeddings(List.of(new float[] {1f}), 1, Timings.NONE);
    }

    private ChunkStream stream(Outcome outcome) {
        return switch (outcome) {
            case Refuse refuse -> throw refuse.error();
            case Answer answer -> new Scripted(answer.tokens(), null);
            case BreakAfter broken -> new Scripted(broken.tokens(), broken.error());
        };
    }

    private final class Scripted implements ChunkStream {
        private final Deque<String> tokens;
        private final ProviderException error;
        private boolean done;
        private boolean closed;

        Scripted(List<String> tokens, ProviderException error) {
            this.tokens = new ArrayDeque<>(tokens);
            this.error = error;
            open.incrementAndGet();
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Chunk next() {
            if (done) {
                throw new NoSuchElementException();
            }
            if (!tokens.isEmpty()) {
                return new Chunk.Token(tokens.poll());
            }
            done = true;
            if (error != null) {
                throw error;
            }
            return new Chunk.Done(FinishReason.STOP, new Usage(1, 1), Timings.NONE);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                open.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
    }
}
