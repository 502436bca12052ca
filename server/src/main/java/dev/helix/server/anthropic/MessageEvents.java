package dev.helix.server.anthropic;

import dev.helix.protocol.anthropic.AnthropicMessage;
import dev.helix.protocol.anthropic.ContentBlock;
import dev.helix.protocol.anthropic.MessageEvent;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.Chunk;
import dev.helix.server.ApiFailure;
import dev.helix.server.Reply;
import dev.helix.server.ReplyWriter;
import java.util.List;

/**
 * The events of one streamed message, in Anthropic's order: {@code message_start}; per content block
 * {@code content_block_start}, its {@code content_block_delta}s ({@code thinking_delta}, {@code text_delta},
 * {@code input_json_delta}) and {@code content_block_stop}; then {@code message_delta} with the stop reason and the
 * usage, and {@code message_stop}. The prompt's token count is known only when the answer ends, so
 * {@code message_start} says 0 input tokens and {@code message_delta} the real count. A failure after the start is
 * an {@code error} event.
 */
final class MessageEvents implements ReplyWriter {
    private final SseWriter sse;
    private final String id;
    private final String model;

    MessageEvents(SseWriter sse, String id, String model) {
        this.sse = sse;
        this.id = id;
        this.model = model;
    }

    void start() {
        send(new MessageEvent.MessageStart(new AnthropicMessage(id, model, List.of(), null,
                new AnthropicMessage.Usage(0, 0))));
    }

    @Override
    public void open(int index, Reply.Kind kind) {
        send(new MessageEvent.BlockStart(index, kind == Reply.Kind.TEXT ? new ContentBlock.Text("")
                : new ContentBlock.Thinking("")));
    }

    @Override
    public void reasoning(int index, String text) {
        send(new MessageEvent.BlockDelta(index, MessageEvent.Delta.thinking(text)));
    }

    @Override
    public void text(int index, String text) {
        send(new MessageEvent.BlockDelta(index, MessageEvent.Delta.text(text)));
    }

    @Override
    public void close(int index, Reply.Part whole) {
        send(new MessageEvent.BlockStop(index));
    }

    /** A whole call: its block with empty input, the input as one JSON delta, the block's end. */
    @Override
    public void toolCall(int index, Chunk.ToolCall call) {
        send(new MessageEvent.BlockStart(index, new ContentBlock.ToolUse(call.id(), call.name(), "{}")));
        send(new MessageEvent.BlockDelta(index, MessageEvent.Delta.inputJson(call.arguments())));
        send(new MessageEvent.BlockStop(index));
    }

    @Override
    public void finish(Reply reply) {
        send(new MessageEvent.MessageDelta(MessagesRoutes.stopReason(reply.reason()), MessagesRoutes.usage(reply)));
        send(new MessageEvent.MessageStop());
    }

    @Override
    public void fail(ApiFailure failure, List<Reply.Part> partial) {
        sse.event("error", AnthropicErrors.of(failure).body());
    }

    private void send(MessageEvent event) {
        sse.event(event.type(), event);
    }
}
