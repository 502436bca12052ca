package dev.helix.server.openai;

import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.Chunk;
import java.util.List;

/**
 * The SSE events of one streamed chat completion, in OpenAI's order: the role first, then reasoning, content deltas and
 * tool-call fragments (index, id and name first, then the arguments), a chunk with the finish reason, the usage
 * chunk when asked for, then {@code [DONE]}.
 */
final class ChatStream {
    private final SseWriter sse;
    private final String id;
    private final long created;
    private final String model;

    ChatStream(SseWriter sse, String id, long created, String model) {
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    void role() {
        delta(new ChatCompletionChunk.Delta("assistant", ""), null);
    }

    void text(String text) {
        delta(new ChatCompletionChunk.Delta(null, text), null);
    }

    /** Reasoning text, as {@code reasoning_content} deltas (llama-server's and vLLM's field). */
    void reasoning(String text) {
        delta(new ChatCompletionChunk.Delta(null, null, null, text, null), null);
    }

    /** A whole call as two fragments: its identity (with empty arguments), then its arguments. */
    void toolCall(Chunk.ToolCall call) {
        var identity = new ChatCompletionChunk.ToolCallDelta(call.index(), call.id(), "function",
                new ChatCompletionChunk.FunctionDelta(call.name(), ""));
        delta(new ChatCompletionChunk.Delta(null, null, List.of(identity)), null);
        var arguments = new ChatCompletionChunk.ToolCallDelta(call.index(), null, null,
                new ChatCompletionChunk.FunctionDelta(null, call.arguments()));
        delta(new ChatCompletionChunk.Delta(null, null, List.of(arguments)), null);
    }

    void finish(String reason, ChatCompletion.Usage usage) {
        delta(new ChatCompletionChunk.Delta(null, null), reason);
        if (usage != null) {
            sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), usage));
        }
        sse.done();
    }

    private void delta(ChatCompletionChunk.Delta delta, String finishReason) {
        sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)), null));
    }
}
