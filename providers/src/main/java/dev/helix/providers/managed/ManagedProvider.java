package dev.helix.providers.managed;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.routing.Pause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A provider whose server Helix runs ({@link ManagedProcess}) in front of the adapter that speaks to it. The first
 * request that needs it starts it and waits until it is ready; while it is not started it lists the models its entry
 * names, so those names route here. Health probes reach the server only while it runs, and their answers feed the
 * restart policy. Closing it stops the server.
 */
public final class ManagedProvider implements Provider {
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final ManagedSpec spec;
    private final List<ModelInfo> configured;
    private final IntFunction<URI> baseFor;
    private final Function<URI, Provider> adapters;
    private final ManagedProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(READY_PROBE_TIMEOUT).build();
    private Provider adapter;
    private URI adapterBase;

    /**
     * @param models   the names this provider serves before it is started (its entry's {@code models})
     * @param baseFor  the server's base URL for the port of a start
     * @param adapters opens the adapter for a base URL
     */
    public ManagedProvider(ManagedSpec spec, List<String> models, IntFunction<URI> baseFor,
                           Function<URI, Provider> adapters, ProcessEventListener events, InstantSource clock,
                           Pause pause) throws IOException {
        this.spec = spec;
        this.configured = models.stream().map(m -> ModelInfo.named(m, spec.name())).toList();
        this.baseFor = baseFor;
        this.adapters = adapters;
        this.process = new ManagedProcess(spec, this::ready, events, clock, pause);
    }

    public ManagedProcess process() {
        return process;
    }

    private boolean ready(int port) {
        Provider current = adapterFor(port);
        if (spec.readyPath() != null) {
            try {
                var response = http.send(HttpRequest.newBuilder(baseFor.apply(port).resolve(spec.readyPath()))
                        .timeout(READY_PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 != 2) {
                    return false;
                }
            } catch (IOException | IllegalArgumentException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            current.probe(); // learn the model listing; a server may list nothing and still serve what it is asked
            return true;
        }
        return current.probe().status() == Health.Status.UP;
    }

    /** The adapter for a start's port, a new one when the port changed. */
    private synchronized Provider adapterFor(int port) {
        URI base = baseFor.apply(port);
        if (adapter == null || !base.equals(adapterBase)) {
            if (adapter != null) {
                adapter.close();
            }
            adapter = adapters.apply(base);
            adapterBase = base;
        }
        return adapter;
    }

    private synchronized Provider adapter() {
        return adapter;
    }

    /** Starts the server if need be and returns the adapter once it is ready. */
    private Provider running() {
        try {
            process.awaitRunning(longestStart());
        } catch (ManagedProcess.NotReadyException e) {
            if (process.status().state() == ManagedState.STARTING || process.status().state() == ManagedState.BACKOFF) {
                throw new ProviderBusyException(e.getMessage(), Duration.ofSeconds(5));
            }
            throw new ProviderFailedException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailedException("interrupted while " + spec.name() + " was starting");
        }
        return adapter();
    }

    /** How long a request waits for a start: every attempt the restart policy allows, and its pauses. */
    private Duration longestStart() {
        RestartPolicy policy = spec.restart();
        Duration total = spec.startTimeout().plusSeconds(5);
        for (int i = 1; i <= policy.maxRestarts() && i <= 3; i++) {
            total = total.plus(spec.startTimeout()).plus(policy.delay(i));
        }
        return total;
    }

    @Override
    public String id() {
        return spec.name();
    }

    @Override
    public List<ModelInfo> models() {
        Provider current = adapter();
        if (process.status().state() == ManagedState.RUNNING && current != null && !current.models().isEmpty()) {
            return current.models();
        }
        return configured;
    }

    @Override
    public Health health() {
        ManagedStatus status = process.status();
        return switch (status.state()) {
            case STOPPED -> new Health(Health.Status.UNKNOWN, "not running; starts on the first request");
            case STARTING -> new Health(Health.Status.LOADING, "starting");
            case BACKOFF -> new Health(Health.Status.LOADING, "restarting after: " + status.lastError());
            case FAILED -> Health.down("failed: " + status.lastError());
            case RUNNING -> {
                Provider current = adapter();
                yield current == null ? Health.UNKNOWN : current.health();
            }
        };
    }

    @Override
    public Health probe() {
        Provider current = adapter();
        if (process.status().state() != ManagedState.RUNNING || current == null) {
            return health();
        }
        Health health = current.probe();
        process.reportHealth(health.status() == Health.Status.UP, health.detail());
        return health;
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        return running().chat(request);
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        return running().complete(request);
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        return running().embed(request);
    }

    @Override
    public int[] tokenize(String model, String text, boolean addSpecial) {
        return running().tokenize(model, text, addSpecial);
    }

    @Override
    public String detokenize(String model, int[] tokens) {
        return running().detokenize(model, tokens);
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        return running().applyTemplate(request);
    }

    @Override
    public void close() {
        process.close();
        Provider current;
        synchronized (this) {
            current = adapter;
            adapter = null;
        }
        if (current != null) {
            current.close();
        }
        http.close();
    }
}
