package dev.helix.protocol.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events as OpenAI frames them: {@code data: <json>} events, ending with {@code data: [DONE]}; or, for
 * the APIs that name their events (OpenAI Responses, Anthropic Messages), {@code event: <name>} followed by its
 * {@code data:} line. Each event is one write followed by a flush, so it leaves at once. A failed write is an {@link UncheckedIOException}
 * (or whatever unchecked exception the output stream itself throws).
 */
public final class SseWriter {
    /** The content type of an SSE response. */
    public static final String CONTENT_TYPE = "text/event-stream";

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = "\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ObjectMapper json;

    /** @param json serialises each payload (on one line: a mapper that indents would break the framing) */
    public SseWriter(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** One {@code data:} event holding {@code payload} as JSON. */
    public void event(Object payload) {
        byte[] body = Frames.json(json, payload);
        byte[] frame = new byte[DATA.length + body.length + END.length];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(body, 0, frame, DATA.length, body.length);
        System.arraycopy(END, 0, frame, DATA.length + body.length, END.length);
        Frames.send(out, frame);
    }

    /**
     * One named event: {@code event: <name>}, then {@code data:} holding {@code payload} as JSON.
     *
     * @param name the event's type, without line breaks
     */
    public void event(String name, Object payload) {
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event name is one line: " + name);
        }
        byte[] type = name.getBytes(StandardCharsets.UTF_8);
        byte[] body = Frames.json(json, payload);
        var frame = new java.io.ByteArrayOutputStream(EVENT.length + type.length + 1 + DATA.length + body.length + 2);
        frame.writeBytes(EVENT);
        frame.writeBytes(type);
        frame.writeBytes(LINE);
        frame.writeBytes(DATA);
        frame.writeBytes(body);
        frame.writeBytes(END);
        Frames.send(out, frame.toByteArray());
    }

    /** The {@code data: [DONE]} event that ends an OpenAI stream. */
    public void done() {
        Frames.send(out, DONE);
    }
}
