package dev.helix.protocol.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;

/**
 * Ollama's streaming format: one JSON object per line, {@code application/x-ndjson}, no other framing. Each line is
 * one write followed by a flush; a failed write is an {@link java.io.UncheckedIOException} (or whatever unchecked
 * exception the output stream itself throws).
 */
public final class NdjsonWriter {
    /** The content type of an NDJSON response. */
    public static final String CONTENT_TYPE = "application/x-ndjson";

    private final OutputStream out;
    private final ObjectMapper json;

    /** @param json serialises each payload (on one line: a mapper that indents would break the framing) */
    public NdjsonWriter(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** {@code payload} as JSON, then a newline. */
    public void line(Object payload) {
        byte[] body = Frames.json(json, payload);
        byte[] line = new byte[body.length + 1];
        System.arraycopy(body, 0, line, 0, body.length);
        line[body.length] = '\n';
        Frames.send(out, line);
    }
}
