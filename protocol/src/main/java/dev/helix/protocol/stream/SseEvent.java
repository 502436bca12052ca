package dev.helix.protocol.stream;

import java.util.Objects;

/**
 * One server-sent event as {@link SseReader} dispatches it.
 *
 * @param type the {@code event:} field, or {@code "message"} when it had none (OpenAI-style streams never set it)
 * @param data its {@code data:} lines joined with {@code \n}; the JSON payload, or {@code [DONE]}
 * @param id   the last {@code id:} seen on the stream so far, or null
 */
public record SseEvent(String type, String data, String id) {
    /** OpenAI's end of stream marker, the data of the last event. */
    public static final String DONE = "[DONE]";

    public SseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** Whether this is the {@code data: [DONE]} event that ends an OpenAI stream. */
    public boolean isDone() {
        return DONE.equals(data);
    }
}
