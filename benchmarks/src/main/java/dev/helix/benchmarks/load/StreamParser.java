package dev.helix.benchmarks.load;

import java.io.IOException;
import java.util.List;

/**
 * Reads one streamed response as {@link StreamEvent}s: the framing is helix-protocol's (its SSE and NDJSON readers
 * hand out each event or line as it arrives), the meaning the load tool's. One instance per response. A frame may
 * mean several things at once (Ollama's last object is both usage and the end).
 */
public interface StreamParser {
    /**
     * The events in the next frame, or null when the stream has ended.
     *
     * @throws dev.helix.protocol.stream.TornStreamException when it ended inside a frame
     */
    List<StreamEvent> next() throws IOException;
}
