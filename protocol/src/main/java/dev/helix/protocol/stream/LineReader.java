package dev.helix.protocol.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines as the bytes arrive: LF, CRLF or a lone CR ends a line (CR and LF never occur
 * inside a UTF-8 sequence, so lines are split on bytes and decoded whole). Blocks only for bytes it needs: a line
 * is returned as soon as its terminator has been read. Bytes after the last terminator, at the end, are a torn line.
 */
final class LineReader {
    /** Longer lines are refused rather than buffered without end: no event or NDJSON object is anywhere near this. */
    static final int MAX_LINE_BYTES = 16 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private int length;
    /** The last line ended with CR: an LF that comes next belongs to it. */
    private boolean afterCr;
    private boolean ended;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String next() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                if (length == 0) {
                    return null;
                }
                String partial = take();
                throw new TornStreamException("the stream ended inside a line", partial);
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                afterCr = buffer[position++] == '\r';
                return take();
            }
        }
    }

    /** Reads what the stream has now (blocking for at least one byte); false at its end. */
    private boolean fill() throws IOException {
        while (!ended) {
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
            } else if (n > 0) {
                position = 0;
                limit = n;
                return true;
            }
        }
        return false;
    }

    private void append(int from, int count) throws IOException {
        if (length + count > MAX_LINE_BYTES) {
            throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, line.length * 2));
        }
        System.arraycopy(buffer, from, line, length, count);
        length += count;
    }

    private String take() {
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    void close() throws IOException {
        in.close();
    }
}
