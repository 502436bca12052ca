package dev.helix.providers.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A response body read as it arrives, on the reader's own thread, straight from the connection: a slow reader
 * slows the upstream through TCP's own flow control instead of filling memory, and a read that waits longer than
 * the idle timeout for the next bytes fails instead of hanging (the {@link WaitWatch} ends it; the socket itself has
 * no timeout, which would cost a timer per read). Closing it (from any thread: a client that went away) aborts the
 * exchange, which closes the upstream connection at once and wakes a blocked read; {@link #release()}, for a body
 * whose answer is complete, lets the connection go back to the pool instead.
 */
final class BodyStream extends InputStream {
    /** How long a released body may take to end before its exchange is aborted after all. */
    static final Duration RELEASE_GRACE = Duration.ofSeconds(1);

    private final HttpUriRequestBase request;
    private final ClassicHttpResponse response;
    private final InputStream in;
    private final WaitWatch.Wait wait;
    private final String what;
    private volatile boolean closed;

    /**
     * @param wait the exchange's watched waits: each read is one, with the upstream's idle timeout as its limit
     * @param what names the upstream in the timeout's message
     */
    BodyStream(HttpUriRequestBase request, ClassicHttpResponse response, WaitWatch.Wait wait, String what) {
        this.request = request;
        this.response = response;
        this.wait = wait;
        this.what = what;
        this.in = content(response.getEntity());
    }

    private static InputStream content(HttpEntity entity) {
        try {
            return entity == null ? InputStream.nullInputStream() : entity.getContent();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
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
        wait.begin();
        try {
            return in.read(into, offset, length);
        } catch (IOException e) {
            if (wait.expired()) {
                close();
                throw new HttpTimeoutException(what + " sent nothing for "
                        + UpstreamErrors.words(Duration.ofNanos(wait.limitNanos())));
            }
            if (closed) {
                throw new IOException("stream closed", e);
            }
            close();
            throw e;
        } finally {
            wait.end();
        }
    }

    /** Aborts the exchange and closes its connection; idempotent, and nothing after {@link #release()}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wait.close();
        request.cancel();
        try {
            response.close();
        } catch (IOException ignored) {
            // an aborted exchange has nothing left to close cleanly
        }
    }

    /**
     * For a reader that has the whole answer (OpenAI's {@code [DONE]} read, say) while the body may not have ended
     * yet, its last bytes (the chunked encoding's end) still to come: the rest is read and dropped, on the caller's
     * thread, so that the connection goes back to the pool for the next request rather than being closed and opened
     * anew. Those bytes are nearly always in by then; if the body has not ended within {@link #RELEASE_GRACE}, the
     * exchange is aborted after all. Reading fails after this, as after {@link #close()}.
     */
    void release() {
        if (closed) {
            return;
        }
        closed = true;
        wait.begin(RELEASE_GRACE);
        try {
            in.close(); // reads the body to its end, then hands the connection back to the pool
            response.close();
        } catch (IOException | RuntimeException e) {
            request.cancel();
        } finally {
            wait.end();
            wait.close();
        }
    }
}
