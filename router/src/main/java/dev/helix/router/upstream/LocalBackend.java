package dev.helix.router.upstream;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import dev.helix.router.Lease;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The models Helix runs itself, as one backend among the external ones: each request leases its model from the
 * router (loading it if needed, keeping it loaded while the stream runs) and gives it back when done. A public name
 * served here and elsewhere is balanced and failed over like any other; its default priority is 0, so Helix's own
 * copy goes first.
 */
public final class LocalBackend implements Provider {
    public static final String ID = "local";

    private final LocalModels models;

    public LocalBackend(LocalModels models) {
        this.models = models;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        return models.localModels();
    }

    @Override
    public Health health() {
        return Health.up();
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        return stream(request.model(), (lease, name) -> lease.provider().chat(request.withModel(name)));
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        return stream(request.model(), (lease, name) -> lease.provider().complete(request.withModel(name)));
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        try (Lease lease = models.acquireLocal(request.model())) {
            return lease.provider().embed(request.withModel(lease.name()));
        }
    }

    @Override
    public int[] tokenize(String model, String text, boolean addSpecial) {
        try (Lease lease = models.acquireLocal(model)) {
            return lease.provider().tokenize(lease.name(), text, addSpecial);
        }
    }

    @Override
    public String detokenize(String model, int[] tokens) {
        try (Lease lease = models.acquireLocal(model)) {
            return lease.provider().detokenize(lease.name(), tokens);
        }
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        try (Lease lease = models.acquireLocal(request.model())) {
            return lease.provider().applyTemplate(request.withModel(lease.name()));
        }
    }

    private ChunkStream stream(String model, BiFunction<Lease, String, ChunkStream> open) {
        Lease lease = models.acquireLocal(model);
        try {
            return new LeasedStream(open.apply(lease, lease.name()), lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The router owns the local models; nothing to close here. */
    @Override
    public void close() {
    }
}
