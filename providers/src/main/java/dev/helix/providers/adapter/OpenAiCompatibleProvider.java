package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.protocol.WireJson;
import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.EmbeddingList;
import dev.helix.protocol.openai.EmbeddingRequestBody;
import dev.helix.protocol.openai.TextCompletion;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Any server that speaks OpenAI's API (vLLM, LocalAI, FastChat, text-generation-webui, LM Studio, Jan, KoboldCpp,
 * GPT4All, TabbyAPI, mlx_lm.server, mistral.rs, llama-server, another Helix), as a {@link Provider}. What differs
 * between them is data in the endpoint's profile: paths, auth, listing format, stream framing, reasoning field,
 * fields they lack, whether they stream at all (GPT4All does not: the answer is asked for whole and handed out as
 * one chunk, so Helix's own clients still stream).
 *
 * <p>{@link #health()} and {@link #models()} answer from the last {@link #probe()}, which a health monitor calls on
 * an interval: no request waits for a probe.
 */
public final class OpenAiCompatibleProvider implements Provider {
    private static final Duration PROBE_TIMEOUT_CAP = Duration.ofSeconds(5);

    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json = WireJson.mapper();
    private final UpstreamHttp http;
    private final OpenAiWire wire;
    private volatile Health health = Health.UNKNOWN;
    private volatile List<ModelInfo> models = List.of();

    public OpenAiCompatibleProvider(UpstreamEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = new UpstreamHttp(endpoint, json);
        this.wire = new OpenAiWire(endpoint, json);
    }

    public UpstreamEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String id() {
        return endpoint.id();
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public Health health() {
        return health;
    }

    /** GETs the profile's health probe, then the model listing; both decide the health remembered. */
    @Override
    public Health probe() {
        Duration timeout = endpoint.timeout().compareTo(PROBE_TIMEOUT_CAP) < 0 ? endpoint.timeout() : PROBE_TIMEOUT_CAP;
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
                    models = only(ModelListings.read(endpoint.profile().listing(), listing.json(), endpoint.id()));
                    now = Health.up();
                }
            }
        } catch (IOException e) {
            now = Health.down(UpstreamErrors.transport(endpoint, e).getMessage());
        }
        health = now;
        return now;
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

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        if (!endpoint.streaming()) {
            return OpenAiChunks.whole(endpoint, json, http.post(endpoint.chatPath(), wire.chat(request, false),
                    ChatCompletion.class, request.model()));
        }
        return OpenAiChunks.streamed(endpoint, json, http.stream(endpoint.chatPath(), wire.chat(request, true),
                request.model()), true);
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        String path = endpoint.v1("/completions");
        if (!endpoint.streaming()) {
            return OpenAiChunks.whole(endpoint, json, http.post(path, wire.completion(request, false),
                    TextCompletion.class, request.model()));
        }
        return OpenAiChunks.streamed(endpoint, json, http.stream(path, wire.completion(request, true),
                request.model()), false);
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        checkServes(request.model());
        long start = System.nanoTime();
        var inputs = JsonNodeFactory.instance.arrayNode();
        request.inputs().forEach(inputs::add);
        EmbeddingList answer = http.post(endpoint.v1("/embeddings"),
                new EmbeddingRequestBody(request.model(), inputs, "float", null, null), EmbeddingList.class,
                request.model());
        var vectors = new ArrayList<float[]>();
        for (var item : answer.data()) {
            vectors.add(vector(json.valueToTree(item.embedding())));
        }
        if (vectors.size() != request.inputs().size()) {
            throw new ProviderFailedException(endpoint.describe() + " returned " + vectors.size() + " embeddings for "
                    + request.inputs().size() + " inputs");
        }
        int tokens = answer.usage() == null ? 0 : answer.usage().promptTokens();
        return new Embeddings(vectors, tokens, new Timings(0, System.nanoTime() - start, 0));
    }

    private float[] vector(JsonNode node) {
        if (!node.isArray()) {
            throw new ProviderFailedException(endpoint.describe() + " sent an embedding that is not a list of numbers");
        }
        float[] v = new float[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) node.get(i).asDouble();
        }
        return v;
    }

    private void checkServes(String model) {
        if (!endpoint.onlyModels().isEmpty() && !endpoint.onlyModels().contains(model)) {
            throw new ModelNotFoundException(model);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
