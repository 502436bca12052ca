package dev.helix.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed HTTP response: what is written goes out when flushed (never compressed or buffered by the framework),
 * and a failed write means the client is gone, reported as {@link ClientGoneException} so the caller stops the
 * generation. Used for SSE and NDJSON alike; the framing is the protocol writers' (they flush every frame).
 */
public final class ResponseStream extends OutputStream {
    private final OutputStream out;

    private ResponseStream(OutputStream out) {
        this.out = out;
    }

    /** Commits status 200 and the headers; call only once the first chunk is known to be good. */
    public static ResponseStream open(Context ctx, String contentType) {
        ctx.status(200);
        var response = ctx.res();
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = response.getOutputStream();
            return new ResponseStream(out);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    /** A stream over any output, failing the same way: for benchmarks and tests of the framing. */
    public static ResponseStream over(OutputStream out) {
        return new ResponseStream(out);
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }
}
