package dev.helix.server.openai;

import dev.helix.protocol.openai.responses.ResponseRequest;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.ChatRequest;
import dev.helix.router.KeepAlive;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.Replies;
import dev.helix.server.Reply;
import dev.helix.server.RequestBodies;
import dev.helix.server.RequestFields;
import dev.helix.server.ResponseStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.function.BiConsumer;

/**
 * OpenAI's Responses API: {@code POST /v1/responses} answers from the request, whole or streamed, through the same
 * mapping as Chat Completions ({@link Replies}). Errors come in OpenAI's shape, as on all of {@code /v1}. Responses
 * are not kept (no {@code previous_response_id}, nothing to fetch or delete later: those paths say so); only their
 * output items are, bounded and in memory, for {@code item_reference} ({@link ItemStore}).
 */
public final class ResponsesRoutes {
    /** Output items kept for item_reference: a few hundred conversations' worth, at most ~32 MB of text. */
    private static final int MAX_ITEMS = 4096;
    private static final long MAX_CHARS = 16L << 20;

    private final ModelAccess models;
    private final RequestBodies json;
    private final ItemStore items = new ItemStore(MAX_ITEMS, MAX_CHARS);

    public ResponsesRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/responses", this::create);
        routes.get("/v1/responses/{id}", ResponsesRoutes::notStored);
        routes.delete("/v1/responses/{id}", ResponsesRoutes::notStored);
    }

    private void create(Context ctx) {
        var body = json.read(ctx, ResponseRequest.class);
        String model = RequestFields.model(body.model());
        ChatRequest request = ResponsesMapper.request(body, model, items);
        BiConsumer<String, Reply.Part> keep = Boolean.FALSE.equals(body.store()) ? (id, part) -> { } : items::put;
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        var draft = ResponseDraft.of(body, model);
        try (Generation generation = models.of(ctx).chat(request, keepAlive)) {
            boolean logprobs = request.options().wantsLogprobs();
            var tap = new LogprobTap(generation);
            if (!Boolean.TRUE.equals(body.stream())) {
                Reply reply = Replies.collect(tap);
                ctx.json(draft.finished(reply, ResponseDraft.items(reply, keep, tap.all())));
                return;
            }
            var events = new ResponseEvents(new SseWriter(ResponseStream.open(ctx, SseWriter.CONTENT_TYPE),
                    json.mapper()), draft, keep, logprobs ? tap : null);
            events.start();
            Replies.stream(tap, events);
        }
    }

    private static void notStored(Context ctx) {
        throw new NotFoundResponse("response " + ctx.pathParam("id") + " not found: " + ResponsesMapper.STATELESS);
    }
}
