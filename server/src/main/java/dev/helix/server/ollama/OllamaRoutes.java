package dev.helix.server.ollama;

import dev.helix.router.KeepAlive;
import dev.helix.runtime.ChatMessage;
import dev.helix.runtime.Chunk;
import dev.helix.runtime.Embeddings;
import dev.helix.runtime.FinishReason;
import dev.helix.runtime.GenerationOptions;
import dev.helix.runtime.InvalidRequestException;
import dev.helix.runtime.ProviderException;
import dev.helix.runtime.Role;
import dev.helix.server.ApiFailure;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.RequestBodies;
import dev.helix.server.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The Ollama-compatible generation endpoints: chat, generate and embeddings, NDJSON-streamed by default. */
public final class OllamaRoutes {
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
        if (body.tools() != null && !body.tools().isNull() && !body.tools().isEmpty()) {
            throw new InvalidRequestException("tools are not supported yet", "tools");
        }
        List<ChatMessage> messages = OllamaMapper.messages(body.messages());
        GenerationOptions options = OllamaMapper.options(body.options(), OllamaMapper.format(body.format()));
        respond(ctx, body.stream(), true, model, start, () -> models.chat(model, messages, options, keepAlive));
    }

    private void generate(Context ctx) {
        long start = System.nanoTime();
        var body = json.read(ctx, GenerateRequest.class);
        String model = RequestFields.model(body.model());
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        if ((body.prompt() == null || body.prompt().isEmpty()) && (body.suffix() == null || body.suffix().isEmpty())) {
            loadOrUnload(ctx, model, keepAlive, false, start);
            return;
        }
        rejectUnsupported(body);
        GenerationOptions options = OllamaMapper.options(body.options(), OllamaMapper.format(body.format()));
        Supplier<Generation> run;
        if (Boolean.TRUE.equals(body.raw())) {
            run = () -> models.complete(model, body.prompt(), options, keepAlive);
        } else {
            List<ChatMessage> messages = new ArrayList<>();
            if (body.system() != null && !body.system().isEmpty()) {
                messages.add(new ChatMessage(Role.SYSTEM, body.system()));
            }
            messages.add(new ChatMessage(Role.USER, body.prompt()));
            run = () -> models.chat(model, messages, options, keepAlive);
        }
        respond(ctx, body.stream(), false, model, start, run);
    }

    private static void rejectUnsupported(GenerateRequest body) {
        if (body.images() != null && !body.images().isEmpty()) {
            throw new InvalidRequestException("this model cannot read images", "images");
        }
        if (body.suffix() != null && !body.suffix().isEmpty()) {
            throw new InvalidRequestException("suffix (fill-in-the-middle) is not supported yet", "suffix");
        }
        if (body.template() != null && !body.template().isEmpty()) {
            throw new InvalidRequestException("template overrides are not supported yet; Helix uses the model's own "
                    + "chat template (or raw:true)", "template");
        }
    }

    private void respond(Context ctx, Boolean streamFlag, boolean chat, String model, long start,
                         Supplier<Generation> run) {
        boolean stream = streamFlag == null || streamFlag;
        try (Generation generation = run.get()) {
            if (!stream) {
                var text = new StringBuilder();
                Chunk.Done done = null;
                while (generation.hasNext()) {
                    switch (generation.next()) {
                        case Chunk.Token token -> text.append(token.text());
                        case Chunk.Done d -> done = d;
                    }
                }
                ctx.json(last(chat, model, text.toString(), done, generation.loadNanos(), start));
                return;
            }
            Ndjson out = Ndjson.open(ctx, json);
            try {
                while (generation.hasNext()) {
                    switch (generation.next()) {
                        case Chunk.Token token -> out.line(chat ? OllamaResponse.chatPiece(model, now(), token.text())
                                : OllamaResponse.generatePiece(model, now(), token.text()));
                        case Chunk.Done done -> out.line(last(chat, model, "", done, generation.loadNanos(), start));
                    }
                }
            } catch (ProviderException e) {
                out.line(Map.of("error", ApiFailure.of(e).message()));
            }
        }
    }

    private static OllamaResponse last(boolean chat, String model, String text, Chunk.Done done, long loadNanos,
                                       long start) {
        var t = done.timings();
        return new OllamaResponse(model, now(), chat ? new OllamaResponse.Message("assistant", text) : null,
                chat ? null : text, true, doneReason(done.reason()), System.nanoTime() - start, loadNanos,
                done.usage().promptTokens(), t.promptNanos(), done.usage().completionTokens(), t.generationNanos());
    }

    /** Ollama's empty request: load the model (done_reason "load"), or with keep_alive 0 unload it ("unload"). */
    private void loadOrUnload(Context ctx, String model, KeepAlive keepAlive, boolean chat, long start) {
        String reason;
        long loadNanos = 0;
        if (keepAlive != null && keepAlive.duration().isZero()) {
            models.router().find(model).orElseThrow(() -> new dev.helix.runtime.ModelNotFoundException(model));
            models.router().unload(model);
            reason = "unload";
        } else {
            loadNanos = models.load(model, keepAlive);
            reason = "load";
        }
        ctx.json(new OllamaResponse(model, now(), chat ? new OllamaResponse.Message("assistant", "") : null,
                chat ? null : "", true, reason, System.nanoTime() - start, loadNanos, null, null, null, null));
    }

    private void embed(Context ctx) {
        long start = System.nanoTime();
        var body = json.read(ctx, EmbedRequest.class);
        String model = RequestFields.model(body.model());
        Embeddings result = models.embed(model, OllamaMapper.inputs(body), RequestFields.keepAlive(body.keepAlive()));
        ctx.json(new EmbedResponse(model, result.vectors(), System.nanoTime() - start, result.timings().loadNanos(),
                result.promptTokens()));
    }

    private void legacyEmbeddings(Context ctx) {
        var body = json.read(ctx, EmbedRequest.class);
        String model = RequestFields.model(body.model());
        if (body.prompt() == null) {
            throw new InvalidRequestException("prompt is required", "prompt");
        }
        Embeddings result = models.embed(model, List.of(body.prompt()), RequestFields.keepAlive(body.keepAlive()));
        ctx.json(Map.of("embedding", result.vectors().get(0)));
    }

    static String doneReason(FinishReason reason) {
        return switch (reason) {
            case STOP, CANCELLED -> "stop";
            case LENGTH -> "length";
        };
    }

    /** RFC 3339 with nanoseconds, UTC, as Ollama writes {@code created_at}. */
    static String now() {
        return Instant.now().toString();
    }
}
