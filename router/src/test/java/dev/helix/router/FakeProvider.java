package dev.helix.router;

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
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-memory provider of one model: echoes "ok", can be marked DOWN, reports to its factory on close. */
final class FakeProvider implements Provider {
    private final String model;
    private final FakeProviders factory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Health health = Health.up();

    FakeProvider(String model, FakeProviders factory) {
        this.model = model;
        this.factory = factory;
    }

    String model() {
        return model;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Simulates a crashed runner. */
    void crash() {
        health = Health.down("runner exited with code 139");
    }

    @Override
    public String id() {
        return "fake:" + model;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(ModelInfo.named(model, id()));
    }

    @Override
    public Health health() {
        return closed.get() ? Health.down("closed") : health;
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        return stream();
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        return stream();
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        check();
        return new Embeddings(request.inputs().stream().map(s -> new float[] {s.length()}).toList(), 1, Timings.NONE);
    }

    private ChunkStream stream() {
        check();
        Iterator<Chunk> chunks = List.<Chunk>of(new Chunk.Token("ok"),
                new Chunk.Done(FinishReason.STOP, new Usage(1, 1), Timings.NONE)).iterator();
        return new ChunkStream() {
            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public Chunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return chunks.next();
            }

            @Override
            public void close() {}
        };
    }

    private void check() {
        if (closed.get()) {
            throw new ProviderFailedException(model + ": used after close");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            factory.closing(this);
        }
    }
}
