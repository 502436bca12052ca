package dev.helix.protocol.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads newline-delimited JSON from a response body incrementally: one line per {@link #next()}, as soon as its
 * line break has arrived (LF, CRLF or CR). Blank lines are skipped; a last line without its line break is a
 * {@link TornStreamException}. The lines are JSON text, not checked here: read them with
 * {@link dev.helix.protocol.WireJson}. Not thread-safe: one reader per response.
 */
public final class NdjsonReader implements Closeable {
    private final LineReader lines;

    public NdjsonReader(InputStream body) {
        this.lines = new LineReader(body);
    }

    /** The next non-blank line, or null when the stream has ended after a complete line. */
    public String next() throws IOException {
        String line;
        while ((line = lines.next()) != null) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
