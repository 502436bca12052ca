package dev.helix.server;

import dev.helix.router.KeepAlive;
import dev.helix.router.Lease;
import dev.helix.router.ModelRouter;
import dev.helix.runtime.ChatMessage;
import dev.helix.runtime.ChatRequest;
import dev.helix.runtime.CompletionRequest;
import dev.helix.runtime.EmbeddingRequest;
import dev.helix.runtime.Embeddings;
import dev.helix.runtime.GenerationOptions;
import java.util.List;

/** What both APIs do with models: lease one through the router and run a request on it. */
public final class ModelAccess {
    private final ModelRouter router;

    public ModelAccess(ModelRouter router) {
        this.router = router;
    }

    public ModelRouter router() {
        return router;
    }

    public Generation chat(String model, List<ChatMessage> messages, GenerationOptions options, KeepAlive keepAlive) {
        return Generation.start(router.acquire(model, keepAlive),
                lease -> lease.provider().chat(new ChatRequest(lease.model().id(), messages, options)));
    }

    public Generation complete(String model, String prompt, GenerationOptions options, KeepAlive keepAlive) {
        return Generation.start(router.acquire(model, keepAlive),
                lease -> lease.provider().complete(new CompletionRequest(lease.model().id(), prompt, options)));
    }

    /** Embeddings, with the time spent loading the model added to their timings. */
    public Embeddings embed(String model, List<String> inputs, KeepAlive keepAlive) {
        try (Lease lease = router.acquire(model, keepAlive)) {
            Embeddings result = lease.provider().embed(new EmbeddingRequest(lease.model().id(), inputs));
            return new Embeddings(result.vectors(), result.promptTokens(),
                    result.timings().withLoadNanos(lease.loadNanos()));
        }
    }

    /** Loads a model (or keeps it loaded) without running anything: Ollama's empty request. */
    public long load(String model, KeepAlive keepAlive) {
        try (Lease lease = router.acquire(model, keepAlive)) {
            return lease.loadNanos();
        }
    }
}
