package dev.helix.server.anthropic;

import dev.helix.protocol.anthropic.AnthropicMessage;
import dev.helix.protocol.anthropic.ContentBlock;
import dev.helix.protocol.anthropic.MessagesRequest;
import dev.helix.protocol.anthropic.TokenCount;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.FinishReason;
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
import java.util.List;
import java.util.UUID;

/**
 * Anthropic's Messages API: {@code POST /v1/messages}, whole or streamed, through the same mapping as the OpenAI APIs
 * ({@link Replies}), and {@code POST /v1/messages/count_tokens}. Errors on these paths come in Anthropic's shape
 * ({@link AnthropicErrors}). The {@code anthropic-version} and {@code anthropic-beta} headers are accepted and not
 * needed.
 */
public final class MessagesRoutes {
    private final ModelAccess models;
    private final RequestBodies json;

    public MessagesRoutes(ModelAccess models, RequestBodies json) {
        this.models = models;
        this.json = json;
    }

    /** Whether errors on this path take Anthropic's shape. */
    public static boolean owns(String path) {
        return path.equals("/v1/messages") || path.startsWith("/v1/messages/");
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/messages", this::create);
        routes.post("/v1/messages/count_tokens", this::countTokens);
    }

    private void create(Context ctx) {
        var body = json.read(ctx, MessagesRequest.class);
        String model = RequestFields.model(body.model());
        ChatRequest request = MessagesMapper.request(body, model, false);
        KeepAlive keepAlive = RequestFields.keepAlive(body.keepAlive());
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        try (Generation generation = models.of(ctx).chat(request, keepAlive)) {
            if (!Boolean.TRUE.equals(body.stream())) {
                Reply reply = Replies.collect(generation);
                ctx.json(new AnthropicMessage(id, model, content(reply), stopReason(reply.reason()), usage(reply)));
                return;
            }
            var events = new MessageEvents(new SseWriter(ResponseStream.open(ctx, SseWriter.CONTENT_TYPE),
                    json.mapper()), id, model);
            events.start();
            Replies.stream(generation, events);
        }
    }

    /** The prompt's tokens as the model counts them: the conversation through its chat template, tools included. */
    private void countTokens(Context ctx) {
        var body = json.read(ctx, MessagesRequest.class);
        String model = RequestFields.model(body.model());
        ChatRequest request = MessagesMapper.request(body, model, true);
        String prompt = models.of(ctx).applyTemplate(request);
        ctx.json(new TokenCount(models.of(ctx).tokenize(model, prompt, true).length));
    }

    private static List<ContentBlock> content(Reply reply) {
        return reply.parts().stream().map(part -> switch (part) {
            case Reply.Part.Reasoning r -> (ContentBlock) new ContentBlock.Thinking(r.text());
            case Reply.Part.Text t -> new ContentBlock.Text(t.text());
            case Reply.Part.Call c -> new ContentBlock.ToolUse(c.call().id(), c.call().name(), c.call().arguments());
        }).toList();
    }

    /**
     * Why the answer ended. A stop sequence reads as end_turn: the runtime ends at one without saying which, so
     * {@code stop_sequence} is always null.
     */
    static String stopReason(FinishReason reason) {
        return switch (reason) {
            case STOP, CANCELLED -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
        };
    }

    static AnthropicMessage.Usage usage(Reply reply) {
        return new AnthropicMessage.Usage(reply.usage().promptTokens(), reply.usage().completionTokens());
    }
}
