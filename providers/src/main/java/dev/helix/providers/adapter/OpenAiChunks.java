package dev.helix.providers.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.openai.TextCompletion;
import dev.helix.protocol.stream.SseEvent;
import dev.helix.protocol.stream.SseReader;
import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.ProviderFailedException;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An OpenAI-compatible server's answer as Helix chunks: a streamed chat or text completion read event by event as it
 * arrives (content deltas as tokens, {@code reasoning_content} or {@code reasoning} as reasoning, tool-call fragments
 * put together and handed out whole before the end, finish reason and usage wherever the server puts them), or a
 * whole answer handed out as one piece of each kind. Closing it early closes the upstream connection.
 */
final class OpenAiChunks implements ChunkStream {
    private final UpstreamEndpoint endpoint;
    private final ObjectMapper json;
    private final SseReader events;
    private final InputStream body;
    private final boolean chat;
    private final long start = System.nanoTime();
    private final Deque<Chunk> ready = new ArrayDeque<>();
    private final ToolCallAssembly calls = new ToolCallAssembly();
    private String finish;
    private Usage usage;
    private int pieces;
    private long firstPiece;
    private boolean ended;

    private OpenAiChunks(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        this.endpoint = endpoint;
        this.json = json;
        this.body = body;
        this.events = body == null ? null : new SseReader(body);
        this.chat = chat;
    }

    /** A streamed answer, read from its SSE body. */
    static OpenAiChunks streamed(UpstreamEndpoint endpoint, ObjectMapper json, InputStream body, boolean chat) {
        return new OpenAiChunks(endpoint, json, body, chat);
    }

    /** A whole chat answer, handed out as chunks. */
    static ChunkStream whole(UpstreamEndpoint endpoint, ObjectMapper json, ChatCompletion answer) {
        var chunks = new OpenAiChunks(endpoint, json, null, true);
        if (answer.choices() == null || answer.choices().isEmpty()) {
            throw new ProviderFailedException(endpoint.describe() + " answered without a choice");
        }
        ChatCompletion.Message m = answer.choices().getFirst().message();
        if (m != null) {
            chunks.reasoning(m.reasoningContent() != null ? m.reasoningContent() : m.reasoning());
            chunks.text(m.content());
            if (m.toolCalls() != null) {
                for (int i = 0; i < m.toolCalls().size(); i++) {
                    var call = m.toolCalls().get(i);
                    chunks.calls.add(i, call.id(), call.function() == null ? null : call.function().name(),
                            call.function() == null ? null : call.function().arguments());
                }
            }
        }
        chunks.finish = answer.choices().getFirst().finishReason();
        chunks.usage(answer.usage());
        chunks.end();
        return chunks;
    }

    /** A whole text completion, handed out as chunks. */
    static ChunkStream whole(UpstreamEndpoint endpoint, ObjectMapper json, TextCompletion answer) {
        var chunks = new OpenAiChunks(endpoint, json, null, false);
        if (answer.choices() == null || answer.choices().isEmpty()) {
            throw new ProviderFailedException(endpoint.describe() + " answered without a choice");
        }
        chunks.text(answer.choices().getFirst().text());
        chunks.finish = answer.choices().getFirst().finishReason();
        chunks.usage(answer.usage());
        chunks.end();
        return chunks;
    }

    @Override
    public boolean hasNext() {
        return !ready.isEmpty() || !ended;
    }

    @Override
    public Chunk next() {
        while (ready.isEmpty()) {
            if (ended) {
                throw new NoSuchElementException();
            }
            read();
        }
        return ready.poll();
    }

    private void read() {
        SseEvent event;
        try {
            event = events.next();
        } catch (IOException e) {
            close();
            throw UpstreamErrors.transport(endpoint, e);
        }
        if (event == null) {
            if (finish == null) {
                close();
                throw new ProviderFailedException(endpoint.describe() + " ended its stream before the answer was "
                        + "finished");
            }
            end();
            return;
        }
        if (event.isDone()) {
            end();
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(event.data());
        } catch (IOException e) {
            close();
            throw new ProviderFailedException(endpoint.describe() + " sent an event that is not JSON: "
                    + UpstreamErrors.message(event.data()));
        }
        if (node.has("error")) {
            close();
            throw new ProviderFailedException(endpoint.describe() + " failed mid-stream: "
                    + UpstreamErrors.message(event.data()));
        }
        try {
            if (chat) {
                chatPiece(json.treeToValue(node, ChatCompletionChunk.class));
            } else {
                textPiece(json.treeToValue(node, TextCompletion.class));
            }
        } catch (IOException e) {
            close();
            throw new ProviderFailedException(endpoint.describe() + " sent an event Helix cannot read: "
                    + e.getMessage());
        }
    }

    private void chatPiece(ChatCompletionChunk chunk) {
        if (chunk.choices() != null && !chunk.choices().isEmpty()) {
            var choice = chunk.choices().getFirst();
            var delta = choice.delta();
            if (delta != null) {
                reasoning(delta.reasoningContent() != null ? delta.reasoningContent() : delta.reasoning());
                text(delta.content());
                if (delta.toolCalls() != null) {
                    for (var call : delta.toolCalls()) {
                        calls.add(call.index(), call.id(), call.function() == null ? null : call.function().name(),
                                call.function() == null ? null : call.function().arguments());
                    }
                }
            }
            if (choice.finishReason() != null) {
                finish = choice.finishReason();
            }
        }
        usage(chunk.usage());
    }

    private void textPiece(TextCompletion piece) {
        if (piece.choices() != null && !piece.choices().isEmpty()) {
            var choice = piece.choices().getFirst();
            text(choice.text());
            if (choice.finishReason() != null) {
                finish = choice.finishReason();
            }
        }
        usage(piece.usage());
    }

    private void text(String text) {
        if (text != null && !text.isEmpty()) {
            mark();
            ready.add(new Chunk.Token(text));
        }
    }

    private void reasoning(String text) {
        if (text != null && !text.isEmpty()) {
            mark();
            ready.add(new Chunk.Reasoning(text));
        }
    }

    private void mark() {
        pieces++;
        if (firstPiece == 0) {
            firstPiece = System.nanoTime();
        }
    }

    private void usage(ChatCompletion.Usage given) {
        if (given != null) {
            usage = new Usage(Math.max(0, given.promptTokens()), Math.max(0, given.completionTokens()));
        }
    }

    private void end() {
        List<Chunk.ToolCall> whole = calls.calls();
        ready.addAll(whole);
        long now = System.nanoTime();
        long prompt = (firstPiece == 0 ? now : firstPiece) - start;
        ready.add(new Chunk.Done(reason(whole.isEmpty()), usage != null ? usage : new Usage(0, pieces),
                new Timings(0, prompt, firstPiece == 0 ? 0 : now - firstPiece)));
        ended = true;
        // The answer is whole: the connection may serve the next request (closing would cancel the exchange while
        // the body's last bytes are still on their way, and cost the next request a new connection).
        if (body instanceof BodyStream stream) {
            stream.release();
        } else {
            close();
        }
    }

    private FinishReason reason(boolean noCalls) {
        if (!noCalls) {
            return FinishReason.TOOL_CALLS;
        }
        return "length".equals(finish) ? FinishReason.LENGTH : FinishReason.STOP;
    }

    @Override
    public void close() {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing a cancelled exchange cannot fail in a way that matters
            }
        }
    }
}
