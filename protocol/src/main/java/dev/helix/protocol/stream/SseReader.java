package dev.helix.protocol.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads server-sent events from a response body incrementally, one event per {@link #next()} as soon as its blank
 * line has arrived, following the WHATWG event-stream rules: lines end with LF, CRLF or CR; {@code data:} lines of
 * one event are joined with LF; one space after the colon is dropped; comments ({@code :keep-alive}),
 * {@code retry:} and unknown fields are skipped; an event without data is not dispatched. Unlike a browser, it
 * reports a stream that ends inside an event as a {@link TornStreamException} instead of dropping the event
 * silently. Not thread-safe: one reader per response.
 */
public final class SseReader implements Closeable {
    private final LineReader lines;
    private boolean first = true;
    private String lastId;

    public SseReader(InputStream body) {
        this.lines = new LineReader(body);
    }

    /** The next event, or null when the stream has ended after a complete event. */
    public SseEvent next() throws IOException {
        String type = null;
        StringBuilder data = null;
        StringBuilder pending = null;
        String line;
        while ((line = lines.next()) != null) {
            if (first) {
                first = false;
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return new SseEvent(type == null || type.isEmpty() ? "message" : type, data.toString(), lastId);
                }
                type = null;
                pending = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            pending = pending == null ? new StringBuilder(line) : pending.append('\n').append(line);
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            int from = colon < 0 ? line.length() : colon + 1;
            String value = line.substring(from < line.length() && line.charAt(from) == ' ' ? from + 1 : from);
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> type = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastId = value;
                    }
                }
                default -> {
                    // retry: and fields of no meaning to a client
                }
            }
        }
        if (pending != null) {
            throw new TornStreamException("the stream ended inside an event", pending.toString());
        }
        return null;
    }

    /** Closes the body (and with it, for an HTTP response, the connection's stream). */
    @Override
    public void close() throws IOException {
        lines.close();
    }
}
