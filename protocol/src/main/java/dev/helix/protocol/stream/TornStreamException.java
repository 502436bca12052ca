package dev.helix.protocol.stream;

import java.io.IOException;

/**
 * The stream ended in the middle of a frame: bytes after the last line break, or an SSE event without the blank line
 * that ends it. Usually the connection was cut; {@link #partial()} holds what had arrived of the frame, for callers
 * that would rather use it than fail.
 */
public final class TornStreamException extends IOException {
    private final String partial;

    public TornStreamException(String message, String partial) {
        super(message + ": " + abbreviate(partial));
        this.partial = partial;
    }

    /** The unfinished frame's text: the torn line, or the torn event's lines. */
    public String partial() {
        return partial;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
