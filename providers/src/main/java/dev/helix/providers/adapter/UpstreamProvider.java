package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An external server as a {@link Provider}, whatever dialect it is spoken to in: the endpoint it was configured with
 * (or discovery found), one HTTP client ({@link UpstreamHttp}), and what the last {@link #probe()} learnt.
 * {@link #health()} and {@link #models()} answer from that probe, which a health monitor calls on an interval: no
 * request waits for a probe. A probe GETs the profile's health probe, then its model listing (read by
 * {@link ModelListings} whatever its format); a dialect may read more about the listed models after that.
 * {@link Adapters#open} picks the subclass that speaks a server's preferred dialect.
 */
public abstract sealed class UpstreamProvider implements Provider
        permits OpenAiCompatibleProvider, OllamaProvider, KoboldProvider {
    private static final Duration PROBE_TIMEOUT_CAP = Duration.ofSeconds(5);

    final UpstreamEndpoint endpoint;
    final ObjectMapper json = WireJson.mapper();
    final UpstreamHttp http;
    private volatile Health health = Health.UNKNOWN;
    private volatile List<ModelInfo> models = List.of();

    UpstreamProvider(UpstreamEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new UpstreamHttp(endpoint, json);
    }

    public final UpstreamEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Connections to the upstream now: in use by an exchange, and pooled for the next one (both zero once closed).
     */
    public record Connections(int leased, int idle) {}

    /** Its connection pool's counts now. */
    public final Connections connections() {
        return new Connections(http.leasedConnections(), http.idleConnections());
    }

    @Override
    public final String id() {
        return endpoint.id();
    }

    @Override
    public final List<ModelInfo> models() {
        return models;
    }

    @Override
    public final Health health() {
        return health;
    }

    /** GETs the profile's health probe, then the model listing; both decide the health remembered. */
    @Override
    public final Health probe() {
        Duration timeout = probeTimeout();
        Health now;
        try {
            var probe = endpoint.profile().health();
            Reply reply = http.get(probe.path(), timeout);
            if (!probe.matches(reply)) {
                now = Health.down("GET " + probe.path() + " answered " + reply.status() + ", not "
                        + probe.answer().describe());
            } else {
                Reply listing = http.get(endpoint.modelsPath(), timeout);
                if (listing.status() / 100 != 2 || listing.json().isMissingNode()) {
                    now = Health.down("GET " + endpoint.modelsPath() + " answered " + listing.status() + ": "
                            + UpstreamErrors.message(listing.body()));
                } else {
                    var listed = ModelListings.read(endpoint.profile().listing(), listing.json(), endpoint.id());
                    models = only(describe(listed, timeout));
                    now = Health.up();
                }
            }
        } catch (IOException e) {
            now = Health.down(UpstreamErrors.transport(endpoint, e).getMessage());
        }
        health = now;
        return now;
    }

    /** The time one probe request may take: the endpoint's timeout, at most 5 s. */
    final Duration probeTimeout() {
        return endpoint.timeout().compareTo(PROBE_TIMEOUT_CAP) < 0 ? endpoint.timeout() : PROBE_TIMEOUT_CAP;
    }

    /**
     * What else the server tells about the models it listed (loaded state, context length), asked for after the
     * listing; by default nothing. It must not fail the probe: a server that cannot say more still serves.
     */
    List<ModelInfo> describe(List<ModelInfo> listed, Duration timeout) {
        return listed;
    }

    private List<ModelInfo> only(List<ModelInfo> listed) {
        if (endpoint.onlyModels().isEmpty()) {
            return List.copyOf(listed);
        }
        var kept = new ArrayList<ModelInfo>();
        for (String name : endpoint.onlyModels()) {
            kept.add(listed.stream().filter(m -> m.name().equals(name)).findFirst()
                    .orElse(ModelInfo.named(name, endpoint.id())));
        }
        return kept;
    }

    /**
     * Asks for an answer streamed, read as it arrives by {@code streamed}, or whole, read into {@code type} and handed
     * out by {@code whole}.
     */
    final <T> ChunkStream generate(boolean stream, String path, Object body, String model, Class<T> type,
                                   Function<T, ChunkStream> whole, Function<InputStream, ChunkStream> streamed) {
        return stream ? streamed.apply(http.stream(path, body, model))
                : whole.apply(http.post(path, body, type, model));
    }

    /** Refuses a model the endpoint is configured not to serve. */
    final void checkServes(String model) {
        if (!endpoint.onlyModels().isEmpty() && !endpoint.onlyModels().contains(model)) {
            throw new ModelNotFoundException(model);
        }
    }

    /** Fails an embedding answer that does not hold one vector per input. */
    final void checkOnePerInput(int vectors, EmbeddingRequest request) {
        if (vectors != request.inputs().size()) {
            throw new ProviderFailedException(endpoint.describe() + " returned " + vectors + " embeddings for "
                    + request.inputs().size() + " inputs");
        }
    }

    @Override
    public final void close() {
        http.close();
    }
}
