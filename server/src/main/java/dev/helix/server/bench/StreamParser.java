package dev.helix.server.bench;

import java.util.List;

/**
 * Turns the lines of one streamed response into {@link StreamEvent}s. One instance per response: parsers may keep
 * state between lines. A line may mean several things at once (Ollama's last object is both usage and the end).
 */
public interface StreamParser {
    /** The events in one line, without its line terminator. */
    List<StreamEvent> parse(String line);
}
