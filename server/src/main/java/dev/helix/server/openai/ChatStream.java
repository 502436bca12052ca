package dev.helix.server.openai;

import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.provider.Chunk;
import dev.helix.server.ApiFailure;
import dev.helix.server.Reply;
import dev.helix.server.ReplyWriter;
import java.util.List;

/**
 * The SSE events of one streamed chat completion, in OpenAI's order: the role first, then reasoning, content deltas and
 * tool-call fragments (index, id and name first, then the arguments), a chunk with the finish reason, the usage
 * chunk when asked for, then {@code [DONE]}.
 */
final class ChatStream implements ReplyWriter {
    private final SseWriter sse;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private final LogprobTap logprobs;

    /** @param logprobs where the tokens' log-probabilities come from when the request asked for them, else null */
    ChatStream(SseWriter sse, String id, long created, String model, boolean includeUsage, LogprobTap logprobs) {
        this.logprobs = logprobs;
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    void role() {
        delta(new ChatCompletionChunk.Delta("assistant", ""), null);
    }

    @Override
    public void text(int index, String text) {
        var delta = new ChatCompletionChunk.Delta(null, text);
        if (logprobs == null) {
            delta(delta, null);
            return;
        }
        sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, LogprobViews.chat(logprobs.drain()), null)), null));
    }

    /** Reasoning text, as {@code reasoning_content} deltas (llama-server's and vLLM's field). */
    @Override
    public void reasoning(int index, String text) {
        delta(new ChatCompletionChunk.Delta(null, null, null, text, null), null);
    }

    /** A whole call as two fragments: its identity (with empty arguments), then its arguments. */
    @Override
    public void toolCall(int index, Chunk.ToolCall call) {
        var identity = new ChatCompletionChunk.ToolCallDelta(call.index(), call.id(), "function",
                new ChatCompletionChunk.FunctionDelta(call.name(), ""));
        delta(new ChatCompletionChunk.Delta(null, null, List.of(identity)), null);
        var arguments = new ChatCompletionChunk.ToolCallDelta(call.index(), null, null,
                new ChatCompletionChunk.FunctionDelta(null, call.arguments()));
        delta(new ChatCompletionChunk.Delta(null, null, List.of(arguments)), null);
    }

    @Override
    public void finish(Reply reply) {
        delta(new ChatCompletionChunk.Delta(null, null), OpenAiRoutes.finishReason(reply.reason()));
        if (includeUsage) {
            sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(),
                    OpenAiRoutes.usage(reply.usage())));
        }
        sse.done();
    }

    /** An error after the stream started: OpenAI's error body as the last event, with no {@code [DONE]}. */
    @Override
    public void fail(ApiFailure failure, List<Reply.Part> partial) {
        sse.event(failure.openAiError());
    }

    private void delta(ChatCompletionChunk.Delta delta, String finishReason) {
        sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)), null));
    }
}
