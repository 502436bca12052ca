package dev.helix.providers.adapter;

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
 * What every adapter's answer has in common, whatever its wire format: chunks queued as the answer is read, tool calls
 * put together and handed out whole before the end, and exactly one {@link Chunk.Done} last, with the server's usage
 * and timings where it reports them and Helix's own count and clock where it does not. A subclass reads one piece of
 * its format per {@link #read()}; a whole answer is queued at once and never read. Closing it early closes the
 * upstream connection.
 */
abstract class UpstreamChunks implements ChunkStream {
    final UpstreamEndpoint endpoint;
    final ToolCallAssembly calls = new ToolCallAssembly();
    private final InputStream body;
    private final long start = System.nanoTime();
    private final Deque<Chunk> ready = new ArrayDeque<>();
    private int pieces;
    private long firstPiece;
    private boolean ended;

    /** @param body the streamed body being read, or null for a whole answer */
    UpstreamChunks(UpstreamEndpoint endpoint, InputStream body) {
        this.endpoint = endpoint;
        this.body = body;
    }

    /**
     * Reads the next piece of the answer and queues what it holds ({@link #text}, {@link #reasoning}, {@link #calls},
     * {@link #end}); called only while nothing is queued and the answer has not ended. Throws a
     * {@link dev.helix.provider.ProviderException} (made with {@link #failed} or {@link #transport}) when it cannot.
     */
    abstract void read();

    @Override
    public final boolean hasNext() {
        return !ready.isEmpty() || !ended;
    }

    @Override
    public final Chunk next() {
        while (ready.isEmpty()) {
            if (ended) {
                throw new NoSuchElementException();
            }
            read();
        }
        return ready.poll();
    }

    final void text(String text) {
        if (text != null && !text.isEmpty()) {
            mark();
            ready.add(new Chunk.Token(text));
        }
    }

    final void reasoning(String text) {
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

    /** The pieces of text and reasoning handed out so far (a count of tokens for a server that reports none). */
    final int pieces() {
        return pieces;
    }

    /**
     * Ends the answer: the tool calls, then the {@link Chunk.Done}. The body is let go by {@link #close()}, once the
     * caller has written its own end to its client.
     *
     * @param reason  why it ended, unless it called tools ({@link FinishReason#TOOL_CALLS} then)
     * @param usage   what the server reported, or null: then no prompt tokens and a completion token a piece
     * @param timings what the server reported, or null: then Helix's clock (prompt: until the first piece)
     */
    final void end(FinishReason reason, Usage usage, Timings timings) {
        List<Chunk.ToolCall> whole = calls.calls();
        ready.addAll(whole);
        if (timings == null) {
            long now = System.nanoTime();
            long prompt = (firstPiece == 0 ? now : firstPiece) - start;
            timings = new Timings(0, prompt, firstPiece == 0 ? 0 : now - firstPiece);
        }
        ready.add(new Chunk.Done(whole.isEmpty() ? reason : FinishReason.TOOL_CALLS,
                usage != null ? usage : new Usage(0, pieces), timings));
        ended = true;
    }

    /** A failure of the answer: closes the connection and says what went wrong, naming the backend. */
    final ProviderFailedException failed(String what) {
        close();
        return new ProviderFailedException(endpoint.describe() + " " + what);
    }

    /** A failure to read the body: closes the connection. */
    final ProviderFailedException transport(IOException e) {
        close();
        return UpstreamErrors.transport(endpoint, e);
    }

    /**
     * Closes the exchange. After a whole answer the body's last bytes (the chunked encoding's end) are read, so that
     * the connection serves the next request (aborting would cost that one a new connection); by now they have nearly
     * always arrived. Before the end, the exchange is aborted: the upstream sees its client leave at once.
     */
    @Override
    public final void close() {
        if (body == null) {
            return;
        }
        if (ended && body instanceof BodyStream stream) {
            stream.release();
            return;
        }
        try {
            body.close();
        } catch (IOException ignored) {
            // closing a cancelled exchange cannot fail in a way that matters
        }
    }
}
