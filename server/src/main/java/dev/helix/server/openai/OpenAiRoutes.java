package dev.helix.server.openai;

import dev.helix.router.KeepAlive;
import dev.helix.router.ModelEntry;
import dev.helix.runtime.Chunk;
import dev.helix.runtime.Embeddings;
import dev.helix.runtime.FinishReason;
import dev.helix.runtime.ModelNotFoundException;
import dev.helix.runtime.ProviderException;
import dev.helix.server.ApiFailure;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import dev.helix.server.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The OpenAI-compatible API under {@code /v1}: thin handlers over {@link ModelAccess}. */
public final class OpenAiRoutes {
    private final ModelAccess models;
    private final RequestBodies json;

    public OpenAiRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/chat/completions", this::chatCompletions);
        routes.post("/v1/completions", this::completions);
        routes.post("/v1/embeddings", this::embeddings);
        routes.get("/v1/models", this::listModels);
        routes.get("/v1/models/{id}", this::getModel);
    }

    private void chatCompletions(Context ctx) {
        var body = json.read(ctx, ChatCompletionRequest.class);
        String model = RequestFields.model(body.model());
        var messages = OpenAiMapper.messages(body.messages());
        var options = OpenAiMapper.options(body);
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        try (Generation generation = models.chat(model, messages, options, keepAlive)) {
            if (!Boolean.TRUE.equals(body.stream())) {
                var text = new StringBuilder();
                Chunk.Done done = drain(generation, text);
                var message = new ChatCompletion.Message("assistant", text.toString(), null);
                ctx.json(new ChatCompletion(id, "chat.completion", created, model,
                        List.of(new ChatCompletion.Choice(0, message, null, finishReason(done.reason()))),
                        usage(done)));
                return;
            }
            Sse sse = Sse.open(ctx, json);
            sse.event(chunk(id, created, model, new ChatCompletionChunk.Delta("assistant", ""), null));
            try {
                while (generation.hasNext()) {
                    switch (generation.next()) {
                        case Chunk.Token token -> sse.event(chunk(id, created, model,
                                new ChatCompletionChunk.Delta(null, token.text()), null));
                        case Chunk.Done done -> {
                            sse.event(chunk(id, created, model, new ChatCompletionChunk.Delta(null, null),
                                    finishReason(done.reason())));
                            if (includeUsage) {
                                sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                                        List.of(), usage(done)));
                            }
                        }
                    }
                }
                sse.done();
            } catch (ProviderException e) {
                sse.event(OpenAiErrors.of(ApiFailure.of(e)));
            }
        }
    }

    private static ChatCompletionChunk chunk(String id, long created, String model, ChatCompletionChunk.Delta delta,
                                             String finishReason) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)), null);
    }

    private void completions(Context ctx) {
        var body = json.read(ctx, CompletionRequestBody.class);
        String model = RequestFields.model(body.model());
        String prompt = OpenAiMapper.prompt(body.prompt());
        if (body.suffix() != null && !body.suffix().isEmpty()) {
            throw new dev.helix.runtime.InvalidRequestException("suffix (fill-in-the-middle) is not supported yet",
                    "suffix");
        }
        var options = OpenAiMapper.options(body);
        boolean echo = Boolean.TRUE.equals(body.echo());
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        try (Generation generation = models.complete(model, prompt, options, RequestFields.keepAlive(body.keepAlive()))) {
            if (!Boolean.TRUE.equals(body.stream())) {
                var text = new StringBuilder(echo ? prompt : "");
                Chunk.Done done = drain(generation, text);
                ctx.json(new TextCompletion(id, "text_completion", created, model,
                        List.of(new TextCompletion.Choice(text.toString(), 0, null, finishReason(done.reason()))),
                        usage(done)));
                return;
            }
            Sse sse = Sse.open(ctx, json);
            if (echo) {
                sse.event(textChunk(id, created, model, prompt, null));
            }
            try {
                while (generation.hasNext()) {
                    switch (generation.next()) {
                        case Chunk.Token token -> sse.event(textChunk(id, created, model, token.text(), null));
                        case Chunk.Done done -> {
                            sse.event(textChunk(id, created, model, "", finishReason(done.reason())));
                            if (includeUsage) {
                                sse.event(new TextCompletion(id, "text_completion", created, model, List.of(),
                                        usage(done)));
                            }
                        }
                    }
                }
                sse.done();
            } catch (ProviderException e) {
                sse.event(OpenAiErrors.of(ApiFailure.of(e)));
            }
        }
    }

    private static TextCompletion textChunk(String id, long created, String model, String text, String finishReason) {
        return new TextCompletion(id, "text_completion", created, model,
                List.of(new TextCompletion.Choice(text, 0, null, finishReason)), null);
    }

    private void embeddings(Context ctx) {
        var body = json.read(ctx, EmbeddingRequestBody.class);
        String model = RequestFields.model(body.model());
        List<String> inputs = OpenAiMapper.inputs(body.input());
        boolean base64 = "base64".equals(body.encodingFormat());
        if (body.encodingFormat() != null && !base64 && !"float".equals(body.encodingFormat())) {
            throw new dev.helix.runtime.InvalidRequestException("encoding_format must be float or base64",
                    "encoding_format");
        }
        Embeddings result = models.embed(model, inputs, RequestFields.keepAlive(body.keepAlive()));
        if (body.dimensions() != null && !result.vectors().isEmpty()
                && body.dimensions() != result.vectors().get(0).length) {
            throw new dev.helix.runtime.InvalidRequestException("dimensions: this model's embeddings have "
                    + result.vectors().get(0).length + " dimensions", "dimensions");
        }
        List<EmbeddingList.Item> data = new ArrayList<>();
        for (int i = 0; i < result.vectors().size(); i++) {
            float[] v = result.vectors().get(i);
            data.add(new EmbeddingList.Item("embedding", i, base64 ? encode(v) : v));
        }
        ctx.json(new EmbeddingList("list", data, model,
                new EmbeddingList.Usage(result.promptTokens(), result.promptTokens())));
    }

    /** Little-endian float32 bytes in base64, as the OpenAI SDKs decode them. */
    private static String encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private void listModels(Context ctx) {
        List<ModelList.Model> data = models.router().available().stream().map(OpenAiRoutes::describe).toList();
        ctx.json(new ModelList("list", data));
    }

    private void getModel(Context ctx) {
        String id = ctx.pathParam("id");
        ModelEntry entry = models.router().find(id).orElseThrow(() -> new ModelNotFoundException(id));
        ctx.json(describe(entry));
    }

    private static ModelList.Model describe(ModelEntry entry) {
        long created = entry.path().toFile().lastModified() / 1000;
        return new ModelList.Model(entry.id(), "model", created, "helix");
    }

    private static Chunk.Done drain(Generation generation, StringBuilder text) {
        while (generation.hasNext()) {
            switch (generation.next()) {
                case Chunk.Token token -> text.append(token.text());
                case Chunk.Done done -> {
                    return done;
                }
            }
        }
        throw new IllegalStateException("generation ended without a final chunk");
    }

    private static ChatCompletion.Usage usage(Chunk.Done done) {
        return new ChatCompletion.Usage(done.usage().promptTokens(), done.usage().completionTokens(),
                done.usage().totalTokens());
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, CANCELLED -> "stop";
            case LENGTH -> "length";
        };
    }
}
