package dev.helix.server.ollama;

import dev.helix.server.RequestBodies;
import dev.helix.server.ResponseStream;
import io.javalin.http.Context;

/** Ollama's streaming format: one JSON object per line, {@code application/x-ndjson}, no other framing. */
final class Ndjson {
    private final ResponseStream out;
    private final RequestBodies json;

    Ndjson(ResponseStream out, RequestBodies json) {
        this.out = out;
        this.json = json;
    }

    static Ndjson open(Context ctx, RequestBodies json) {
        return new Ndjson(ResponseStream.open(ctx, "application/x-ndjson"), json);
    }

    void line(Object payload) {
        byte[] body = json.write(payload);
        byte[] line = new byte[body.length + 1];
        System.arraycopy(body, 0, line, 0, body.length);
        line[body.length] = '\n';
        out.write(line);
    }
}
