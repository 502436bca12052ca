package dev.helix.providers.adapter;

import dev.helix.protocol.kobold.KoboldGenerateRequest;
import dev.helix.protocol.kobold.KoboldGenerateResponse;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.ModelInfo;
import dev.helix.providers.upstream.Dialect;
import dev.helix.providers.upstream.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * KoboldAI United and KoboldCpp through KoboldAI's native API (for servers whose preferred dialect is
 * {@link Dialect#KOBOLD_NATIVE}). It takes a prompt and has no chat template: chats are rendered to a prompt with one
 * plain template ({@link KoboldWire}). Generation streams from KoboldCpp's {@code POST /api/extra/generate/stream}
 * when the endpoint streams and the server has it ({@code GET /api/extra/version} answers: KoboldAI United does not),
 * and is asked for whole from {@code POST /api/v1/generate} otherwise. The one loaded model is listed from
 * {@code /api/v1/model} (the profile's listing); the probe also reads the context the server runs with
 * ({@code /api/v1/config/max_context_length}), sent back as {@code max_context_length}. The API reports no token
 * counts when it streams: see {@link KoboldChunks} for what usage says. It has no embeddings.
 */
public final class KoboldProvider extends UpstreamProvider {
    private final KoboldWire wire;
    private volatile boolean streams;

    public KoboldProvider(UpstreamEndpoint endpoint) {
        super(endpoint);
        this.wire = new KoboldWire(endpoint);
        this.streams = endpoint.streaming();
    }

    @Override
    public ChunkStream chat(ChatRequest request) {
        checkServes(request.model());
        return generate(wire.chat(request, contextLength()), KoboldWire.stops(request), true, request.model());
    }

    @Override
    public ChunkStream complete(CompletionRequest request) {
        checkServes(request.model());
        return generate(wire.completion(request, contextLength()), request.options().stop(), false, request.model());
    }

    @Override
    public Embeddings embed(EmbeddingRequest request) {
        throw RequestParts.refusal(endpoint, Dialect.KOBOLD_NATIVE, "embeddings");
    }

    private ChunkStream generate(KoboldGenerateRequest body, List<String> stops, boolean chat, String model) {
        boolean stream = streams;
        return generate(stream, stream ? "/api/extra/generate/stream" : "/api/v1/generate", body, model,
                KoboldGenerateResponse.class, answer -> KoboldChunks.whole(endpoint, json, answer, stops, chat),
                events -> KoboldChunks.streamed(endpoint, json, events, chat));
    }

    private long contextLength() {
        return models().stream().mapToLong(ModelInfo::contextLength).filter(n -> n > 0).findFirst().orElse(0);
    }

    /**
     * Whether the server streams natively (KoboldCpp answers {@code /api/extra/version}; KoboldAI United has no
     * {@code /api/extra}), and the context it runs with; the listing as it is where it does not say.
     */
    @Override
    List<ModelInfo> describe(List<ModelInfo> listed, Duration timeout) {
        try {
            Reply version = http.get("/api/extra/version", timeout);
            streams = endpoint.streaming() && version.ok() && version.json().hasNonNull("result");
            Reply context = http.get("/api/v1/config/max_context_length", timeout);
            long value = context.ok() ? context.json().path("value").asLong(0) : 0;
            return value > 0 ? ModelListings.withContextLength(listed, value) : listed;
        } catch (IOException e) {
            return listed;
        }
    }
}
