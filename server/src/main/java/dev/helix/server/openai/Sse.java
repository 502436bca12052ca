package dev.helix.server.openai;

import dev.helix.server.RequestBodies;
import dev.helix.server.ResponseStream;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Server-sent events as OpenAI frames them: {@code data: <json>} events, ending with {@code data: [DONE]}. */
final class Sse {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ResponseStream out;
    private final RequestBodies json;

    Sse(ResponseStream out, RequestBodies json) {
        this.out = out;
        this.json = json;
    }

    static Sse open(Context ctx, RequestBodies json) {
        return new Sse(ResponseStream.open(ctx, "text/event-stream"), json);
    }

    void event(Object payload) {
        byte[] body = json.write(payload);
        byte[] frame = new byte[DATA.length + body.length + END.length];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(body, 0, frame, DATA.length, body.length);
        System.arraycopy(END, 0, frame, DATA.length + body.length, END.length);
        out.write(frame);
    }

    void done() {
        out.write(DONE);
    }
}
