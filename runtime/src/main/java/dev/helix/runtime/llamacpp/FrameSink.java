package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ProviderException;
import dev.helix.runtime.ffm.ChunkSink;
import java.io.IOException;

/**
 * An ffm generation's chunks written as frames to the server from the decode loop's own thread: a token costs no
 * thread wake-up in the runner, and the tokens of one step (one per stream) go in one write at the step's end. Flow
 * control is the stream's {@link FlowWindow}, asked without waiting: with no credit left the loop pauses the sequence
 * until the server's next {@link Frame.Credit}. A chunk made after the server cancelled the stream is dropped (its
 * done still goes, as on the pulled path).
 */
final class FrameSink implements ChunkSink {
    private final long id;
    private final FrameChannel channel;
    private final FlowWindow window;
    private final Runnable ended;

    /** @param ended run once, when the generation's last frame has gone */
    FrameSink(long id, FrameChannel channel, FlowWindow window, Runnable ended) {
        this.id = id;
        this.channel = channel;
        this.window = window;
        this.ended = ended;
    }

    /** The frame that carries a chunk of stream {@code id}. */
    static Frame frameOf(long id, Chunk chunk) {
        return switch (chunk) {
            case Chunk.Token token -> new Frame.Token(id, token.text(), token.logprobs());
            case Chunk.Reasoning thought -> new Frame.Reasoning(id, thought.text());
            case Chunk.ToolCall call -> new Frame.ToolCall(id, call.index(), call.id(), call.name(), call.arguments());
            case Chunk.Done done -> new Frame.Done(id, done.reason(), done.usage(), done.timings());
        };
    }

    @Override
    public void accept(Chunk chunk) {
        boolean done = chunk instanceof Chunk.Done;
        if (!done && !window.take()) {
            return; // cancelled: the done follows
        }
        send(() -> channel.gather(frameOf(id, chunk)));
        if (done) {
            ended.run();
        }
    }

    @Override
    public void fail(RuntimeException error) {
        ProviderException e = error instanceof ProviderException p ? p : NativeErrors.translate(error);
        send(() -> channel.write(FailedFrames.of(id, e)));
        ended.run();
    }

    @Override
    public boolean ready() {
        return window.ready();
    }

    @Override
    public void stepEnd() {
        send(channel::flush);
    }

    private interface ChannelWrite {
        void run() throws IOException;
    }

    /** A write fails only when the server is gone; the parent watch then halts this process. */
    private static void send(ChannelWrite write) {
        try {
            write.run();
        } catch (IOException ignored) {
            // the server went away; nothing to tell it
        }
    }
}
