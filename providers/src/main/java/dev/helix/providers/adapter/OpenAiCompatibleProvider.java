package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.EmbeddingList;
import dev.helix.protocol.openai.EmbeddingRequestBody;
import dev.helix.protocol.openai.TextCompletion;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import java.util.ArrayList;

/**
 * Any server that speaks OpenAI's API (vLLM, LocalAI, FastChat, text-generation-webui, LM Studio, Jan, KoboldCpp,
 * GPT4All, TabbyAPI, mlx_lm.server, mistral.rs, llama-server, another Helix, any other OpenAI-compatible server), as a
 * {@link dev.helix.provider.Provider}. What differs between them is data in the endpoint's profile: paths, auth,
 * listing format, stream framing, reasoning field, fields they lack, whether they stream at all (GPT4All does not:
 * the answer is asked for whole and handed out as one chunk, so Helix's own clients still stream).
 */
public final class OpenAiCompatibleProvider extends UpstreamProvider {
    private final OpenAiWire wire;

    public OpenAiCompatibleProvider(UpstreamEndpoint endpoint) {
        super(endpoint);
        this.wire = new OpenAiWire(endpoint, json);
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        return generate(endpoint.streaming(), endpoint.chatPath(), wire.chat(request, endpoint.streaming()),
                request.model(), ChatCompletion.class, answer -> OpenAiChunks.whole(endpoint, json, answer),
                body -> OpenAiChunks.streamed(endpoint, json, body, true));
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        return generate(endpoint.streaming(), endpoint.v1("/completions"), wire.completion(request,
                endpoint.streaming()), request.model(), TextCompletion.class,
                answer -> OpenAiChunks.whole(endpoint, json, answer),
                body -> OpenAiChunks.streamed(endpoint, json, body, false));
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
        checkOnePerInput(vectors.size(), request);
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
}
