package dev.helix.providers.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body read as it arrives, with backpressure and an idle timeout: the next piece is requested from the
 * connection only when the reader has used the last one (so a slow client slows the upstream instead of filling
 * memory), and a read that waits longer than the timeout for the next piece fails instead of hanging. Closing it
 * cancels the exchange, which closes the upstream connection at once; {@link #release()}, for a body whose answer
 * is complete, lets the connection go back to the pool instead.
 */
final class BodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();
    /** How long a released body may take to end before its exchange is cancelled after all. */
    static final Duration RELEASE_GRACE = Duration.ofSeconds(1);

    private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private final String what;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private volatile boolean released;
    private volatile boolean complete;
    private List<ByteBuffer> current = List.of();
    private int index;
    private boolean ended;

    /** @param what names the upstream in the timeout's message */
    BodyStream(Duration idle, String what) {
        this.idleNanos = idle.toNanos();
        this.what = what;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (!released) {
            pieces.add(item);
        }
    }

    @Override
    public void onError(Throwable error) {
        complete = true;
        pieces.add(error);
    }

    @Override
    public void onComplete() {
        complete = true;
        pieces.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            while (index < current.size() && !current.get(index).hasRemaining()) {
                index++;
            }
            if (index < current.size()) {
                ByteBuffer buffer = current.get(index);
                int n = Math.min(length, buffer.remaining());
                buffer.get(into, offset, n);
                return n;
            }
            if (ended) {
                return -1;
            }
            Object next = take();
            switch (next) {
                case Throwable error -> {
                    ended = true;
                    throw error instanceof IOException io ? io : new IOException(error);
                }
                case List<?> list -> {
                    @SuppressWarnings("unchecked")
                    var buffers = (List<ByteBuffer>) list;
                    current = buffers;
                    index = 0;
                    subscription.request(1);
                }
                default -> {
                    ended = true;
                    return -1;
                }
            }
        }
    }

    private Object take() throws IOException {
        try {
            Object next = pieces.poll(idleNanos, TimeUnit.NANOSECONDS);
            if (next == null) {
                close();
                throw new HttpTimeoutException(what + " sent nothing for "
                        + UpstreamErrors.words(Duration.ofNanos(idleNanos)));
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while reading from " + what, e);
        }
    }

    /** Cancels the exchange; idempotent, and nothing after {@link #release()}. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * For a reader that has the whole answer (OpenAI's {@code [DONE]} read, say) while the body may not have ended
     * yet, its last bytes (the chunked encoding's end) still to come: the rest is read and dropped, so that the
     * connection goes back to the client's pool for the next request rather than being closed and opened anew. If
     * the body has not ended within {@link #RELEASE_GRACE}, the exchange is cancelled after all. Reading fails after
     * this, as after {@link #close()}.
     */
    void release() {
        if (closed || released) {
            return;
        }
        released = true;
        closed = true;
        pieces.clear();
        Flow.Subscription s = subscription;
        if (complete || s == null) {
            return;
        }
        s.request(Long.MAX_VALUE);
        CompletableFuture.delayedExecutor(RELEASE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!complete) {
                s.cancel();
            }
        });
    }
}
