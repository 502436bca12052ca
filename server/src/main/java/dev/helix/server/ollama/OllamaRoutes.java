package dev.helix.server.ollama;

import dev.helix.protocol.ollama.EmbedRequest;
import dev.helix.protocol.ollama.EmbedResponse;
import dev.helix.protocol.ollama.EmbeddingResponse;
import dev.helix.protocol.ollama.GenerateRequest;
import dev.helix.protocol.ollama.OllamaChatRequest;
import dev.helix.protocol.ollama.OllamaResponse;
import dev.helix.protocol.stream.NdjsonWriter;
import dev.helix.router.KeepAlive;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Chunk;
import dev.helix.provider.Embeddings;
import dev.helix.provider.FinishReason;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderException;
import dev.helix.provider.Role;
import dev.helix.provider.ToolChoice;
import dev.helix.runtime.tools.ToolCallParser;
import dev.helix.server.ApiFailure;
import dev.helix.server.EmbeddingVectors;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import dev.helix.server.RequestFields;
import dev.helix.server.ResponseStream;
import dev.helix.server.ToolFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Ollama-compatible generation endpoints: chat, generate and embeddings, NDJSON-streamed by default. */
public final class OllamaRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(OllamaRoutes.class);

    private final ModelAccess models;
    private final RequestBodies json;

    public OllamaRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/chat", this::chat);
        routes.post("/api/generate", this::generate);
        routes.post("/api/embed", this::embed);
        routes.post("/api/embeddings", this::legacyEmbeddings);
    }

    private void chat(Context ctx) {
        long start = System.nanoTime();
        var body = json.read(ctx, OllamaChatRequest.class);
        String model = RequestFields.model(body.model());
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        if (body.messages() == null || body.messages().isEmpty()) {
            loadOrUnload(ctx, model, keepAlive, true, start);
            return;
        }
        List<ChatMessage> messages = OllamaMapper.messages(body.messages());
        GenerationOptions options = OllamaMapper.options(body.options(), OllamaMapper.format(body.format()))
                .withThink(OllamaMapper.think(body.think()))
                .withLogprobs(OllamaMapper.logprobs(body.logprobs(), body.topLogprobs()));
        // Ollama has no tool_choice: the model decides
        var request = new ChatRequest(model, messages, options, ToolFields.tools(body.tools()), ToolChoice.AUTO, true);
        if (request.tools().isEmpty() && presetChatPrompt(ctx, model, messages) instanceof String rendered) {
            respond(ctx, body.stream(), true, model, start, options.wantsLogprobs(),
                    () -> models.of(ctx).complete(model, rendered, null, options, keepAlive));
            return;
        }
        respond(ctx, body.stream(), true, model, start, options.wantsLogprobs(),
                () -> models.of(ctx).chat(request, keepAlive));
    }

    private void generate(Context ctx) {
        long start = System.nanoTime();
        var body = json.read(ctx, GenerateRequest.class);
        String model = RequestFields.model(body.model());
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        String prompt = body.prompt() == null ? "" : body.prompt();
        String suffix = body.suffix() == null || body.suffix().isEmpty() ? null : body.suffix();
        if (prompt.isEmpty() && suffix == null) {
            loadOrUnload(ctx, model, keepAlive, false, start);
            return;
        }
        if (body.images() != null && !body.images().isEmpty()) {
            throw new InvalidRequestException("this model cannot read images", "images");
        }
        if (body.context() != null && body.context().isArray() && !body.context().isEmpty()) {
            LOG.info("context ignored: Helix does not return or take token contexts (deprecated in Ollama); send the "
                    + "conversation with /api/chat instead");
        }
        GenerationOptions options = OllamaMapper.options(body.options(), OllamaMapper.format(body.format()))
                .withThink(OllamaMapper.think(body.think()))
                .withLogprobs(OllamaMapper.logprobs(body.logprobs(), body.topLogprobs()));
        String system = body.system() == null ? "" : body.system();
        Supplier<Generation> run;
        if (suffix != null) {
            run = () -> models.of(ctx).complete(model, prompt, suffix, options, keepAlive);
        } else if (Boolean.TRUE.equals(body.raw())) {
            run = () -> models.of(ctx).complete(model, prompt, null, options, keepAlive);
        } else if (body.template() != null && !body.template().isEmpty()) {
            String rendered = GoTemplate.render(body.template(), Map.of("System", system, "Prompt", prompt));
            run = () -> models.of(ctx).complete(model, rendered, null, options, keepAlive);
        } else if (presetPrompt(ctx, model, system, prompt) instanceof String rendered) {
            run = () -> models.of(ctx).complete(model, rendered, null, options, keepAlive);
        } else {
            List<ChatMessage> messages = new ArrayList<>();
            if (!system.isEmpty()) {
                messages.add(new ChatMessage(Role.SYSTEM, system));
            }
            messages.add(new ChatMessage(Role.USER, prompt));
            run = () -> models.of(ctx).chat(new ChatRequest(model, messages, options), keepAlive);
        }
        respond(ctx, body.stream(), false, model, start, options.wantsLogprobs(), run);
    }

    /**
     * The prompt a model's own Go template (an Ollama manifest's template layer, or a variant's TEMPLATE) makes, as
     * Ollama renders it for a generate request (the legacy .System/.Prompt form, or .Messages with the system prompt
     * and the prompt as messages), or null when it has none or one Helix cannot render faithfully: then the GGUF's chat
     * template is used, as for any other model.
     */
    private String presetPrompt(Context ctx, String model, String system, String prompt) {
        var preset = models.of(ctx).preset(model);
        if (preset.template() == null) {
            return null;
        }
        String presetSystem = preset.system() != null ? preset.system() : "";
        try {
            return GoTemplate.render(preset.template(), Map.of("System", system.isEmpty() ? presetSystem : system,
                    "Prompt", prompt));
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    /**
     * The prompt a model's own Go template makes of a conversation, as Ollama's chat renders it ({@code .Messages},
     * with the system layer when the conversation has no system message), or null when the model has no such template,
     * Helix cannot render it faithfully, or the conversation has tool calls or answers (those keep to the GGUF's chat
     * template, whose tool calls the runtime reads back).
     */
    private String presetChatPrompt(Context ctx, String model, List<ChatMessage> messages) {
        var preset = models.of(ctx).preset(model);
        if (preset.template() == null
                || messages.stream().anyMatch(m -> m.role() == Role.TOOL || !m.toolCalls().isEmpty())) {
            return null;
        }
        var turns = new ArrayList<TemplateValues.Message>();
        if (preset.system() != null && messages.stream().noneMatch(m -> m.role() == Role.SYSTEM)) {
            turns.add(TemplateValues.Message.of("system", preset.system()));
        }
        messages.forEach(m -> turns.add(TemplateValues.Message.of(m.role().wireName(), m.content())));
        try {
            return GoTemplate.render(preset.template(), new TemplateValues(turns, List.of(), "", ""));
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    /**
     * Streams or collects a generation. With {@code think}, a thinking model's reasoning arrives as
     * {@link Chunk.Reasoning} (split off by the runtime) and goes to {@code thinking}.
     */
    private void respond(Context ctx, Boolean streamFlag, boolean chat, String model, long start, boolean logprobs,
                         Supplier<Generation> run) {
        boolean stream = streamFlag == null || streamFlag;
        try (Generation generation = run.get()) {
            if (!stream) {
                var text = new StringBuilder();
                var thinking = new StringBuilder();
                var calls = new ArrayList<OllamaResponse.ToolCall>();
                var tokenLogprobs = new ArrayList<dev.helix.provider.TokenLogprob>();
                Chunk.Done done = null;
                while (generation.hasNext()) {
                    switch (generation.next()) {
                        case Chunk.Token token -> {
                            text.append(token.text());
                            tokenLogprobs.addAll(token.logprobs());
                        }
                        case Chunk.Reasoning thought -> thinking.append(thought.text());
                        case Chunk.ToolCall call -> calls.add(toolCall(call));
                        case Chunk.Done d -> done = d;
                    }
                }
                ctx.json(last(chat, model, text.toString(), thinking.toString(), calls, done, generation.loadNanos(),
                        start).withLogprobs(logprobs ? OllamaMapper.logprobs(tokenLogprobs) : null));
                return;
            }
            var out = new NdjsonWriter(ResponseStream.open(ctx, NdjsonWriter.CONTENT_TYPE), json.mapper());
            var calls = new ArrayList<OllamaResponse.ToolCall>();
            try {
                while (generation.hasNext()) {
                    Chunk chunk = generation.next();
                    if (chunk instanceof Chunk.ToolCall call) {
                        calls.add(toolCall(call)); // consecutive calls go out together, whole, in one line
                        continue;
                    }
                    if (!calls.isEmpty()) {
                        out.line(OllamaResponse.chatPiece(model, now(),
                                new OllamaResponse.Message("assistant", "", null, List.copyOf(calls))));
                        calls.clear();
                    }
                    switch (chunk) {
                        case Chunk.Token token -> out.line(piece(chat, model, "", token.text())
                                .withLogprobs(logprobs ? OllamaMapper.logprobs(token.logprobs()) : null));
                        case Chunk.Reasoning thought -> out.line(piece(chat, model, thought.text(), ""));
                        case Chunk.Done done ->
                                out.line(last(chat, model, "", "", List.of(), done, generation.loadNanos(), start));
                        case Chunk.ToolCall call -> throw new IllegalStateException("handled above");
                    }
                }
            } catch (ProviderException e) {
                out.line(ApiFailure.of(e).ollamaError());
            }
        }
    }

    private static OllamaResponse piece(boolean chat, String model, String thought, String content) {
        String thinking = thought.isEmpty() ? null : thought;
        return chat ? OllamaResponse.chatPiece(model, now(), new OllamaResponse.Message("assistant", content,
                thinking, null)) : OllamaResponse.generatePiece(model, now(), content, thinking);
    }

    private static OllamaResponse.ToolCall toolCall(Chunk.ToolCall call) {
        return new OllamaResponse.ToolCall(new OllamaResponse.Function(call.index(), call.name(),
                ToolCallParser.argumentsObject(call.arguments())));
    }

    private static OllamaResponse last(boolean chat, String model, String text, String thinking,
                                       List<OllamaResponse.ToolCall> calls, Chunk.Done done, long loadNanos,
                                       long start) {
        var t = done.timings();
        String thought = thinking.isEmpty() ? null : thinking;
        return new OllamaResponse(model, now(),
                chat ? new OllamaResponse.Message("assistant", text, thought, calls.isEmpty() ? null : calls) : null,
                chat ? null : text, chat ? null : thought, true, doneReason(done.reason()), System.nanoTime() - start,
                loadNanos, done.usage().promptTokens(), t.promptNanos(), done.usage().completionTokens(),
                t.generationNanos());
    }

    /** Ollama's empty request: load the model (done_reason "load"), or with keep_alive 0 unload it ("unload"). */
    private void loadOrUnload(Context ctx, String model, KeepAlive keepAlive, boolean chat, long start) {
        String reason;
        long loadNanos = 0;
        if (keepAlive != null && keepAlive.duration().isZero()) {
            if (!models.router().unload(model) && models.router().find(model).isEmpty()) {
                throw new ModelNotFoundException(model); // a loaded model unloads even when its file is gone
            }
            reason = "unload";
        } else {
            loadNanos = models.of(ctx).load(model, keepAlive);
            reason = "load";
        }
        ctx.json(new OllamaResponse(model, now(), chat ? new OllamaResponse.Message("assistant", "") : null,
                chat ? null : "", null, true, reason, System.nanoTime() - start, loadNanos, null, null, null, null));
    }

    private void embed(Context ctx) {
        long start = System.nanoTime();
        var body = json.read(ctx, EmbedRequest.class);
        String model = RequestFields.model(body.model());
        boolean truncate = body.truncate() == null || body.truncate();
        Embeddings result = models.of(ctx).embed(model, OllamaMapper.inputs(body), truncate,
                RequestFields.keepAlive(body.keepAlive()));
        ctx.json(new EmbedResponse(model, EmbeddingVectors.dimensions(result.vectors(), body.dimensions()),
                System.nanoTime() - start, result.timings().loadNanos(), result.promptTokens()));
    }

    private void legacyEmbeddings(Context ctx) {
        var body = json.read(ctx, EmbedRequest.class);
        String model = RequestFields.model(body.model());
        if (body.prompt() == null) {
            throw new InvalidRequestException("prompt is required", "prompt");
        }
        Embeddings result = models.of(ctx).embed(model, List.of(body.prompt()), true,
                RequestFields.keepAlive(body.keepAlive()));
        ctx.json(new EmbeddingResponse(result.vectors().get(0)));
    }

    /** Ollama reports a tool call's end as "stop", like any other. */
    static String doneReason(FinishReason reason) {
        return switch (reason) {
            case STOP, CANCELLED, TOOL_CALLS -> "stop";
            case LENGTH -> "length";
        };
    }

    /** RFC 3339 with nanoseconds, UTC, as Ollama writes {@code created_at}. */
    static String now() {
        return Instant.now().toString();
    }
}
