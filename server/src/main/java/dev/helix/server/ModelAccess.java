package dev.helix.server;

import dev.helix.router.KeepAlive;
import dev.helix.router.Lease;
import dev.helix.router.LoadedModel;
import dev.helix.router.ModelEntry;
import dev.helix.router.ModelRouter;
import java.util.concurrent.CompletableFuture;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What both APIs do with models: lease one through the router and run a request on it. With a bound on pending
 * requests, a request over it is refused at once ({@link QueueFullException}, 429) instead of waiting.
 *
 * <p>The router may still be starting when the server already listens (they start side by side): a request that
 * comes first waits for it.
 */
public final class ModelAccess {
    private final CompletableFuture<ModelRouter> starting;
    private final int maxPending;
    private final AtomicInteger pending;
    private final InFlight inFlight;
    private final boolean localOnly;
    private final dev.helix.server.observe.RequestRecord record;

    public ModelAccess(ModelRouter router) {
        this(CompletableFuture.completedFuture(router), 0, new InFlight());
    }

    /** @param maxPending requests held at once, running or waiting; 0 = no bound */
    public ModelAccess(CompletableFuture<ModelRouter> router, int maxPending) {
        this(router, maxPending, new InFlight());
    }

    /**
     * @param maxPending requests held at once, running or waiting; 0 = no bound
     * @param inFlight   where model work is registered, for a graceful shutdown
     */
    public ModelAccess(CompletableFuture<ModelRouter> router, int maxPending, InFlight inFlight) {
        this(router, maxPending, new AtomicInteger(), inFlight, false, null);
    }

    private ModelAccess(CompletableFuture<ModelRouter> router, int maxPending, AtomicInteger pending,
                        InFlight inFlight, boolean localOnly, dev.helix.server.observe.RequestRecord record) {
        this.starting = router;
        this.maxPending = maxPending;
        this.pending = pending;
        this.inFlight = inFlight;
        this.localOnly = localOnly;
        this.record = record;
    }

    /**
     * The access for one request: Helix's own models only when another Helix forwarded it
     * ({@link dev.helix.protocol.HelixHeaders#FORWARDED}).
     */
    public ModelAccess of(io.javalin.http.Context ctx) {
        boolean forwarded = ctx.header(dev.helix.protocol.HelixHeaders.FORWARDED) != null;
        var trace = dev.helix.server.observe.RequestRecord.of(ctx);
        return !forwarded && trace == null ? this : new ModelAccess(starting, maxPending, pending, inFlight,
                forwarded, trace);
    }

    /** The router once it has started, else empty (for metrics, which must not wait for it). */
    public java.util.Optional<ModelRouter> ready() {
        try {
            return java.util.Optional.ofNullable(starting.getNow(null));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Generation and embedding requests held now, running or waiting. */
    public int pending() {
        return pending.get();
    }

    private Lease acquire(String model, KeepAlive keepAlive) {
        return localOnly ? router().acquireLocal(model, keepAlive) : router().acquire(model, keepAlive);
    }

    public ModelRouter router() {
        try {
            return starting.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A chat turn; the request's model is the name the client used. */
    public Generation chat(ChatRequest asked, KeepAlive keepAlive) {
        ChatRequest request = PresetDefaults.apply(PresetDefaults.of(router(), asked.model()), asked);
        return generation(request.model(), keepAlive, lease -> lease.provider().chat(new ChatRequest(lease.name(),
                request.messages(), request.options(), request.tools(), request.toolChoice(),
                request.parallelToolCalls())));
    }

    public Generation complete(String model, String prompt, String suffix, GenerationOptions asked,
                               KeepAlive keepAlive) {
        GenerationOptions options = PresetDefaults.apply(PresetDefaults.of(router(), model), asked);
        return generation(model, keepAlive, lease -> lease.provider().complete(
                new CompletionRequest(lease.name(), prompt, suffix, options)));
    }

    /** What a model's store adds to its requests (Ollama's system, template and params layers; a variant's). */
    public dev.helix.router.store.ModelPreset preset(String model) {
        return PresetDefaults.of(router(), model);
    }

    private Generation generation(String model, KeepAlive keepAlive,
                                  Function<Lease, dev.helix.provider.ChunkStream> start) {
        admit();
        InFlight.Ticket ticket;
        try {
            ticket = inFlight.enter();
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        try {
            return Generation.start(ticket.await(() -> acquire(model, keepAlive)), start, ticket, () -> {
                pending.decrementAndGet();
                ticket.close();
            }, record);
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            ticket.close();
            throw e;
        }
    }

    /** Embeddings, with the time spent loading the model added to their timings. */
    public Embeddings embed(String model, List<String> inputs, boolean truncate, KeepAlive keepAlive) {
        admit();
        try {
            return onModel(model, keepAlive, (lease, ticket) -> {
                if (record != null) {
                    record.served(lease.name(), Generation.backendOf(lease, null), lease.loadNanos());
                }
                Embeddings result = ticket.await(() -> lease.provider().embed(
                        new EmbeddingRequest(lease.name(), inputs, truncate)));
                if (record != null) {
                    record.promptTokens(result.promptTokens());
                }
                return new Embeddings(result.vectors(), result.promptTokens(),
                        result.timings().withLoadNanos(lease.loadNanos()));
            });
        } finally {
            pending.decrementAndGet();
        }
    }

    public int[] tokenize(String model, String text, boolean addSpecial) {
        return onModel(model, null, (lease, ticket) -> ticket.await(
                () -> lease.provider().tokenize(lease.name(), text, addSpecial)));
    }

    public String detokenize(String model, int[] tokens) {
        return onModel(model, null, (lease, ticket) -> ticket.await(
                () -> lease.provider().detokenize(lease.name(), tokens)));
    }

    public String applyTemplate(ChatRequest request) {
        return onModel(request.model(), null, (lease, ticket) -> ticket.await(
                () -> lease.provider().applyTemplate(new ChatRequest(lease.name(), request.messages(),
                        request.options(), request.tools(), request.toolChoice(), request.parallelToolCalls()))));
    }

    /** Loads a model (or keeps it loaded) without running anything: Ollama's empty request. */
    public long load(String model, KeepAlive keepAlive) {
        return onModel(model, keepAlive, (lease, ticket) -> lease.loadNanos());
    }

    /** Runs one piece of model work on a leased model, registered with {@link InFlight} for a shutdown to end. */
    private <T> T onModel(String model, KeepAlive keepAlive,
                          java.util.function.BiFunction<Lease, InFlight.Ticket, T> work) {
        try (InFlight.Ticket ticket = inFlight.enter();
             Lease lease = ticket.await(() -> acquire(model, keepAlive))) {
            return work.apply(lease, ticket);
        }
    }

    /**
     * The model an endpoint that names none means (llama.cpp's single-model extras): the only model loaded, else the
     * only model there is.
     */
    public String defaultModel(String given) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        List<LoadedModel> loaded = router().loaded();
        if (loaded.size() == 1) {
            return loaded.get(0).entry().id();
        }
        List<ModelEntry> available = router().available();
        if (available.size() == 1) {
            return available.get(0).id();
        }
        throw new InvalidRequestException("model is required: Helix serves " + available.size() + " models", "model");
    }

    private void admit() {
        if (pending.incrementAndGet() > maxPending && maxPending > 0) {
            pending.decrementAndGet();
            throw new QueueFullException("the server already holds " + maxPending + " requests (max_pending_requests); "
                    + "try again shortly");
        }
    }
}
