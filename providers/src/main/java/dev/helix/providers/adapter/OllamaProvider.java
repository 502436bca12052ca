package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.ollama.EmbedResponse;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Timings;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Ollama through its native API, which carries what its {@code /v1} drops: reasoning apart ({@code think}), tool
 * calls whole, token counts and nanosecond timings on every answer. Chat is {@code POST /api/chat}, completion
 * {@code POST /api/generate} (raw), both streamed as NDJSON or asked for whole ({@code stream:false}) when the endpoint
 * does not stream; embeddings are {@code POST /api/embed}. A probe GETs {@code /} ("Ollama is running"), then
 * {@code /api/tags}, then {@code /api/ps} for which models are loaded. Requests are translated by {@link OllamaWire},
 * answers by {@link OllamaChunks}.
 */
public final class OllamaProvider extends UpstreamProvider {
    private final OllamaWire wire;

    public OllamaProvider(UpstreamEndpoint endpoint) {
        super(endpoint);
        this.wire = new OllamaWire(endpoint, json);
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        return generate("/api/chat", think -> wire.chat(request, endpoint.streaming(), think), request.model(),
                request.options().think(), true);
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        return generate("/api/generate", think -> wire.generate(request, endpoint.streaming(), think),
                request.model(), request.options().think(), false);
    }

    /**
     * Asks with {@code think} as the request does; Ollama refuses it for a model that does not think ("... does not
     * support thinking", 400), where Helix's contract says it changes nothing: then the request goes again without.
     */
    private ChunkStream generate(String path, Function<Boolean, Object> body, String model, boolean think,
                                 boolean chat) {
        try {
            return generate(path, body.apply(think), model, chat);
        } catch (InvalidRequestException e) {
            if (!think || !e.getMessage().contains("does not support thinking")) {
                throw e;
            }
            return generate(path, body.apply(false), model, chat);
        }
    }

    private ChunkStream generate(String path, Object body, String model, boolean chat) {
        return generate(endpoint.streaming(), path, body, model, JsonNode.class,
                answer -> OllamaChunks.whole(endpoint, json, answer, chat),
                stream -> OllamaChunks.streamed(endpoint, json, stream, chat));
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        checkServes(request.model());
        EmbedResponse answer = http.post("/api/embed", wire.embed(request), EmbedResponse.class, request.model());
        List<float[]> vectors = answer.embeddings() == null ? List.of() : answer.embeddings();
        checkOnePerInput(vectors.size(), request);
        long load = Math.max(0, answer.loadDuration());
        return new Embeddings(vectors, Math.max(0, answer.promptEvalCount()),
                new Timings(load, Math.max(0, answer.totalDuration() - load), 0));
    }

    /** Which of the listed models are loaded, from {@code /api/ps}; the listing as it is if that fails. */
    @Override
    List<ModelInfo> describe(List<ModelInfo> listed, Duration timeout) {
        try {
            Reply ps = http.get("/api/ps", timeout);
            return ps.ok() && ps.json().path("models").isArray() ? ModelListings.loaded(listed, ps.json()) : listed;
        } catch (IOException e) {
            return listed;
        }
    }
}
