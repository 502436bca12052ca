package dev.helix.server.openai;

import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.ChatCompletionRequest;
import dev.helix.protocol.openai.CompletionRequestBody;
import dev.helix.protocol.openai.EmbeddingList;
import dev.helix.protocol.openai.EmbeddingRequestBody;
import dev.helix.protocol.openai.FinishReasons;
import dev.helix.protocol.openai.ModelList;
import dev.helix.protocol.openai.TextCompletion;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.router.KeepAlive;
import dev.helix.router.ModelEntry;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.Embeddings;
import dev.helix.provider.FinishReason;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderException;
import dev.helix.server.ApiFailure;
import dev.helix.server.EmbeddingVectors;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import dev.helix.server.Replies;
import dev.helix.server.Reply;
import dev.helix.server.RequestFields;
import dev.helix.server.ResponseStream;
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
        // A thinking model's reasoning comes apart, as reasoning_content (llama-server's and vLLM's default).
        var request = new ChatRequest(model, OpenAiMapper.messages(body.messages()),
                OpenAiMapper.options(body).withThink(true),
                OpenAiMapper.tools(body.tools()), OpenAiMapper.toolChoice(body.toolChoice()),
                Boolean.TRUE.equals(body.parallelToolCalls()));
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        try (Generation generation = models.of(ctx).chat(request, keepAlive)) {
            boolean logprobs = request.options().wantsLogprobs();
            var tap = new LogprobTap(generation);
            if (!Boolean.TRUE.equals(body.stream())) {
                Reply reply = Replies.collect(tap);
                var calls = reply.calls().stream().map(call -> new ChatCompletion.ToolCall(call.id(), "function",
                        new ChatCompletion.Function(call.name(), call.arguments()))).toList();
                String text = reply.text();
                String reasoning = reply.reasoning();
                var message = new ChatCompletion.Message("assistant", calls.isEmpty() || !text.isEmpty() ? text : null,
                        null, calls.isEmpty() ? null : calls, reasoning.isEmpty() ? null : reasoning, null);
                ctx.json(new ChatCompletion(id, "chat.completion", created, model,
                        List.of(new ChatCompletion.Choice(0, message,
                                logprobs ? LogprobViews.chat(tap.all()) : null, finishReason(reply.reason()))),
                        usage(reply.usage())));
                return;
            }
            var stream = new ChatStream(sse(ctx), id, created, model, includeUsage, logprobs ? tap : null);
            stream.role();
            Replies.stream(tap, stream);
        }
    }

    private void completions(Context ctx) {
        var body = json.read(ctx, CompletionRequestBody.class);
        String model = RequestFields.model(body.model());
        List<String> prompts = OpenAiMapper.texts(body.prompt(), "prompt", tokens -> models.of(ctx).detokenize(model, tokens));
        var options = OpenAiMapper.options(body);
        boolean echo = Boolean.TRUE.equals(body.echo());
        boolean stream = Boolean.TRUE.equals(body.stream());
        boolean includeUsage = body.streamOptions() != null && Boolean.TRUE.equals(body.streamOptions().includeUsage());
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        List<TextCompletion.Choice> choices = new ArrayList<>();
        int promptTokens = 0;
        int completionTokens = 0;
        SseWriter sse = null;
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            try (Generation generation = models.of(ctx).complete(model, prompt, body.suffix(), options, keepAlive)) {
                if (stream && sse == null) {
                    sse = sse(ctx);
                }
                var text = new StringBuilder(echo ? prompt : "");
                var logprobs = new ArrayList<dev.helix.provider.TokenLogprob>();
                int offset = echo ? prompt.length() : 0;
                if (stream && echo) {
                    sse.event(textChunk(id, created, model, i, prompt, null));
                }
                Chunk.Done done = null;
                try {
                    while (generation.hasNext()) {
                        switch (generation.next()) {
                            case Chunk.Token token -> {
                                if (stream) {
                                    Object lp = options.wantsLogprobs()
                                            ? LogprobViews.text(token.logprobs(), offset) : null;
                                    sse.event(new TextCompletion(id, "text_completion", created, model,
                                            List.of(new TextCompletion.Choice(token.text(), i, lp, null)), null));
                                    offset += token.text().length();
                                } else {
                                    text.append(token.text());
                                    logprobs.addAll(token.logprobs());
                                }
                            }
                            case Chunk.Reasoning thought -> { } // a raw completion asks for no split
                            case Chunk.ToolCall call -> throw new IllegalStateException("no tools in a completion");
                            case Chunk.Done d -> done = d;
                        }
                    }
                } catch (ProviderException e) {
                    if (!stream) {
                        throw e;
                    }
                    sse.event(ApiFailure.of(e).openAiError());
                    return;
                }
                promptTokens += done.usage().promptTokens();
                completionTokens += done.usage().completionTokens();
                if (stream) {
                    sse.event(textChunk(id, created, model, i, "", finishReason(done.reason())));
                } else {
                    if (body.suffix() != null && echo) {
                        text.append(body.suffix());
                    }
                    choices.add(new TextCompletion.Choice(text.toString(), i, options.wantsLogprobs()
                            ? LogprobViews.text(logprobs, echo ? prompt.length() : 0) : null,
                            finishReason(done.reason())));
                }
            }
        }
        var usage = new ChatCompletion.Usage(promptTokens, completionTokens, promptTokens + completionTokens);
        if (!stream) {
            ctx.json(new TextCompletion(id, "text_completion", created, model, choices, usage));
            return;
        }
        if (includeUsage) {
            sse.event(new TextCompletion(id, "text_completion", created, model, List.of(), usage));
        }
        sse.done();
    }

    private SseWriter sse(Context ctx) {
        return new SseWriter(ResponseStream.open(ctx, SseWriter.CONTENT_TYPE), json.mapper());
    }

    private static TextCompletion textChunk(String id, long created, String model, int index, String text,
                                            String finishReason) {
        return new TextCompletion(id, "text_completion", created, model,
                List.of(new TextCompletion.Choice(text, index, null, finishReason)), null);
    }

    private void embeddings(Context ctx) {
        var body = json.read(ctx, EmbeddingRequestBody.class);
        String model = RequestFields.model(body.model());
        List<String> inputs = OpenAiMapper.texts(body.input(), "input", tokens -> models.of(ctx).detokenize(model, tokens));
        boolean base64 = "base64".equals(body.encodingFormat());
        if (body.encodingFormat() != null && !base64 && !"float".equals(body.encodingFormat())) {
            throw new InvalidRequestException("encoding_format must be float or base64", "encoding_format");
        }
        Embeddings result = models.of(ctx).embed(model, inputs, false, RequestFields.keepAlive(body.keepAlive()));
        List<float[]> vectors = EmbeddingVectors.dimensions(result.vectors(), body.dimensions());
        List<EmbeddingList.Item> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
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
        var data = new ArrayList<ModelList.Model>();
        for (ModelInfo info : models.router().models()) {
            data.add(describe(info));
        }
        ctx.json(new ModelList("list", data));
    }

    private void getModel(Context ctx) {
        String id = ctx.pathParam("id");
        ctx.json(describe(models.router().describe(id).orElseThrow(() -> new ModelNotFoundException(id))));
    }

    private static ModelList.Model describe(ModelInfo info) {
        long created = info.modified() != null ? info.modified().getEpochSecond() : 0;
        return new ModelList.Model(info.name(), "model", created, "helix");
    }

    static ChatCompletion.Usage usage(dev.helix.provider.Usage usage) {
        return new ChatCompletion.Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens());
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, CANCELLED -> FinishReasons.STOP;
            case LENGTH -> FinishReasons.LENGTH;
            case TOOL_CALLS -> FinishReasons.TOOL_CALLS;
        };
    }
}
