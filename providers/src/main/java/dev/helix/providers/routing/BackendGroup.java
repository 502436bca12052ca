package dev.helix.providers.routing;

import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.ProviderFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * One public model name served by several backends, as one {@link Provider}. Each request tries the targets in the
 * {@link Strategy}'s order, skipping those that are down, saturated or whose breaker is open; a retriable failure
 * (refused connection, 5xx, timeout, busy) is retried on the same backend per the {@link RetryPolicy} and then
 * fails over to the next, but only until the first chunk: a stream is handed out only once its first chunk has
 * arrived, so a caller never sees a retry. A model that fails to load is not retried on that backend but fails over.
 * A request the backend refuses as invalid is not retried anywhere.
 */
public final class BackendGroup implements Provider {

    /** How a group retries and how it tells time; injected so tests control both. */
    public record Settings(Strategy strategy, RetryPolicy retry, Pause pause, RandomGenerator random,
                           LongSupplier nanoClock) {
        public Settings {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(retry, "retry");
            Objects.requireNonNull(pause, "pause");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(nanoClock, "nanoClock");
        }

        public static Settings of(Strategy strategy) {
            return new Settings(strategy, RetryPolicy.DEFAULTS, Pause.SLEEP, RandomGenerator.getDefault(),
                    System::nanoTime);
        }
    }

    private final String name;
    private final List<Target> targets;
    private final Settings settings;

    public BackendGroup(String name, List<Target> targets, Settings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.targets = List.copyOf(targets);
        this.settings = Objects.requireNonNull(settings, "settings");
        if (this.targets.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " has no backend");
        }
    }

    /** The public name it serves. */
    public String name() {
        return name;
    }

    public List<Target> targets() {
        return targets;
    }

    public Strategy strategy() {
        return settings.strategy();
    }

    @Override
    public String id() {
        return "group:" + name;
    }

    @Override
    public List<ModelInfo> models() {
        for (Target t : targets) {
            for (ModelInfo info : t.backend().provider().models()) {
                if (info.name().equals(t.model())) {
                    return List.of(info.withName(name));
                }
            }
        }
        return List.of(ModelInfo.named(name, id()));
    }

    /** UP while any target could take a request; the reasons of each otherwise. */
    @Override
    public Health health() {
        var reasons = new ArrayList<String>();
        for (Target t : targets) {
            String why = t.backend().unavailable();
            if (why == null && t.backend().breaker().state() != CircuitBreaker.State.OPEN) {
                return Health.up();
            }
            reasons.add(t + ": " + (why != null ? why : "circuit open"));
        }
        return Health.down(String.join("; ", reasons));
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        return stream(t -> t.backend().provider().chat(request.withModel(t.model())));
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        return stream(t -> t.backend().provider().complete(request.withModel(t.model())));
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        checkServes(request.model());
        return attempt(t -> t.backend().provider().embed(request.withModel(t.model())));
    }

    @Override
    public int[] tokenize(String model, String text, boolean addSpecial) {
        checkServes(model);
        return attempt(t -> t.backend().provider().tokenize(t.model(), text, addSpecial));
    }

    @Override
    public String detokenize(String model, int[] tokens) {
        checkServes(model);
        return attempt(t -> t.backend().provider().detokenize(t.model(), tokens));
    }

    @Override
    public String applyTemplate(ChatRequest request) {
        checkServes(request.model());
        return attempt(t -> t.backend().provider().applyTemplate(request.withModel(t.model())));
    }

    /** Opens a stream on the first target that yields a first chunk. */
    private ChunkStream stream(Function<Target, ChunkStream> open) {
        return attempt(t -> {
            long start = settings.nanoClock().getAsLong();
            ChunkStream upstream = open.apply(t);
            try {
                Chunk first = upstream.next();
                t.backend().firstChunkAfter(settings.nanoClock().getAsLong() - start);
                return new RelayedStream(first, upstream, t.backend());
            } catch (RuntimeException e) {
                upstream.close();
                throw e;
            }
        });
    }

    /**
     * Runs {@code call} on the targets in order until one succeeds. A stream result keeps its backend's in-flight
     * count until it ends ({@link RelayedStream}); any other result gives it back at once.
     */
    private <T> T attempt(Function<Target, T> call) {
        var failures = new ArrayList<String>();
        boolean allBusy = true;
        Duration retryAfter = null;
        for (Target target : settings.strategy().order(targets)) {
            Backend backend = target.backend();
            String unavailable = backend.unavailable();
            if (unavailable != null) {
                failures.add(target + ": " + unavailable);
                allBusy &= unavailable.startsWith("saturated");
                continue;
            }
            int retries = backend.settings().maxRetries() >= 0 ? backend.settings().maxRetries()
                    : settings.retry().maxRetries();
            for (int retry = 0; retry <= retries; retry++) {
                if (retry > 0) {
                    pause(settings.retry().delay(retry, settings.random()));
                }
                if (!backend.breaker().tryAcquire()) {
                    failures.add(target + ": circuit open");
                    retryAfter = earliest(retryAfter, backend.breaker().retryAfter());
                    break;
                }
                backend.begin();
                T result;
                try {
                    result = call.apply(target);
                } catch (ModelNotFoundException e) {
                    backend.end();
                    backend.breaker().success(); // it answered: it just does not have the model (any more)
                    failures.add(target + ": no such model there");
                    allBusy = false;
                    break;
                } catch (ModelLoadException e) {
                    backend.end();
                    backend.breaker().failure(e.getMessage()); // the same load fails again: the next backend may not
                    failures.add(target + ": " + e.getMessage());
                    allBusy = false;
                    break;
                } catch (ProviderException e) {
                    backend.end();
                    if (!e.retriable()) {
                        backend.breaker().success();
                        throw e;
                    }
                    backend.breaker().failure(e.getMessage());
                    failures.add(target + ": " + e.getMessage());
                    if (e instanceof ProviderBusyException busy) {
                        retryAfter = earliest(retryAfter, busy.retryAfter());
                        break; // a busy backend is not retried: the next one may be free now
                    }
                    allBusy = false;
                    continue;
                } catch (RuntimeException e) {
                    backend.end();
                    backend.breaker().failure(e.toString());
                    failures.add(target + ": " + e);
                    allBusy = false;
                    continue;
                }
                backend.breaker().success();
                if (!(result instanceof RelayedStream)) {
                    backend.end();
                }
                return result;
            }
        }
        String why = "no backend could serve model " + name + ": " + String.join("; ", failures);
        if (allBusy) {
            throw new ProviderBusyException(why, retryAfter == null ? Duration.ofSeconds(1) : retryAfter);
        }
        throw new ProviderFailedException(why);
    }

    private void pause(Duration delay) {
        try {
            settings.pause().pause(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailedException("interrupted while waiting to retry model " + name);
        }
    }

    private static Duration earliest(Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private void checkServes(String requested) {
        if (!name.equals(requested)) {
            throw new ModelNotFoundException(requested);
        }
    }

    /** The group owns no backend: backends are shared by every name they serve and closed by their owner. */
    @Override
    public void close() {
    }
}
