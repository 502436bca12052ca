package dev.helix.runtime.llamacpp;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.ProviderException;
import dev.helix.provider.Provider;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The runner side of the protocol: serves one {@link Provider} to the server over a {@link FrameChannel}. Each
 * request runs on a platform thread of its own because it calls into native code. No token waits for another thread
 * to wake up between llama.cpp and the socket: on the binding engine a generation's thread both receives its tokens
 * and writes their frames; on the ffm engine the decode loop's thread writes them ({@link FrameSink}), the tokens of
 * one step in one write. A generation runs at most {@link FlowWindow#SIZE} chunks ahead of what the server's consumer
 * has taken ({@link Frame.Credit}), so a stream nobody reads stops instead of running to the end of its context.
 */
final class RunnerServer {
    private final Provider provider;
    private final FrameChannel channel;
    private final Map<Long, Request> requests = new ConcurrentHashMap<>();

    /** A generation in flight; a cancel may arrive before its stream exists. */
    private static final class Request {
        private final FlowWindow window = new FlowWindow();
        private ChunkStream stream;
        private boolean cancelled;

        synchronized boolean attach(ChunkStream opened) {
            stream = opened;
            return !cancelled;
        }

        synchronized void cancel() {
            cancelled = true;
            if (stream != null) {
                stream.close();
            }
            window.close();
        }
    }

    RunnerServer(Provider provider, FrameChannel channel) {
        this.provider = provider;
        this.channel = channel;
    }

    /** Serves until the server closes the channel. */
    void serve() throws IOException {
        while (true) {
            Frame frame;
            try {
                frame = channel.read();
            } catch (EOFException e) {
                return;
            }
            switch (frame) {
                case Frame.Chat chat -> stream(chat.id(), () -> provider.chat(chat.request()));
                case Frame.Complete complete -> stream(complete.id(), () -> provider.complete(complete.request()));
                case Frame.Embed embed -> call(embed.id(),
                        () -> new Frame.EmbedResult(embed.id(), provider.embed(embed.request())));
                case Frame.Tokenize t -> call(t.id(),
                        () -> new Frame.Tokens(t.id(), provider.tokenize(t.model(), t.text(), t.addSpecial())));
                case Frame.Detokenize d -> call(d.id(),
                        () -> new Frame.Text(d.id(), provider.detokenize(d.model(), d.tokens())));
                case Frame.Template t -> call(t.id(), () -> new Frame.Text(t.id(), provider.applyTemplate(t.request())));
                case Frame.Credit credit -> {
                    Request request = requests.get(credit.id());
                    if (request != null) {
                        request.window.grant(credit.chunks());
                    }
                }
                case Frame.Cancel cancel -> {
                    Request request = requests.remove(cancel.id());
                    if (request != null) {
                        request.cancel();
                    }
                }
                default -> throw new IOException("unexpected frame from the server: " + frame);
            }
        }
    }

    private void stream(long id, Supplier<ChunkStream> open) {
        var request = new Request();
        requests.put(id, request);
        Thread.ofPlatform().daemon().name("helix-stream-" + id).start(() -> {
            boolean pushing = false;
            try {
                ChunkStream stream = open.get();
                if (stream instanceof FfmRun run) {
                    pushing = true; // the sink forgets the request when the generation ends
                    push(id, request, run);
                    return;
                }
                try (stream) {
                    if (!request.attach(stream)) {
                        return;
                    }
                    while (stream.hasNext()) {
                        Chunk chunk = stream.next();
                        if (!(chunk instanceof Chunk.Done) && !request.window.acquire()) {
                            continue; // cancelled: the stream ends itself after this token
                        }
                        send(FrameSink.frameOf(id, chunk));
                    }
                }
            } catch (InterruptedException e) {
                send(new Frame.Failed(id, Frame.ErrorKind.FAILED, "generation interrupted", null, null, 0));
            } catch (ProviderException e) {
                send(FailedFrames.of(id, e));
            } catch (RuntimeException e) {
                send(FailedFrames.of(id, NativeErrors.translate(e)));
            } finally {
                if (!pushing) {
                    requests.remove(id);
                }
            }
        });
    }

    /** An ffm generation: the decode loop's thread writes its frames; the sink forgets the request at its end. */
    private void push(long id, Request request, FfmRun run) {
        if (!request.attach(run)) {
            run.close();
            requests.remove(id);
            return;
        }
        var sink = new FrameSink(id, channel, request.window, () -> requests.remove(id));
        request.window.onGrant(() -> {
            var control = run.control();
            if (control != null) {
                control.resume();
            }
        });
        run.push(sink);
    }

    /** A request with one answer, on a platform thread of its own because it calls into native code. */
    private void call(long id, Supplier<Frame> answer) {
        Thread.ofPlatform().daemon().name("helix-call-" + id).start(() -> {
            try {
                send(answer.get());
            } catch (ProviderException e) {
                send(FailedFrames.of(id, e));
            } catch (RuntimeException e) {
                send(FailedFrames.of(id, NativeErrors.translate(e)));
            }
        });
    }


    /** A write fails only when the server is gone; the parent watch then halts this process. */
    private void send(Frame frame) {
        try {
            channel.write(frame);
        } catch (IOException ignored) {
            // the server went away; nothing to tell it
        }
    }
}
