package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads from a file through one small buffer, with every read bounds-checked against the
 * file size so that a truncated or corrupt file fails with a {@link GgufFormatException} naming the byte
 * offset and the header entry being read ({@link #context(String)}), and skips that never read what they skip.
 */
final class GgufInput {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN).limit(0);
    private long bufferStart;
    private String context = "the header";

    GgufInput(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Names what is being read, for error messages, e.g. "key #3 'general.name'". */
    void context(String what) {
        this.context = what;
    }

    String context() {
        return context;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position();
    }

    /** "{message} at byte {at} while reading {context}". */
    GgufFormatException error(String message, long at) {
        return new GgufFormatException(message + " at byte " + at + " while reading " + context);
    }

    private GgufFormatException truncated() {
        return new GgufFormatException("truncated at byte " + size + " while reading " + context);
    }

    /** Makes at least n (at most the buffer size) bytes available in the buffer. */
    private void require(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        long pos = position();
        if (n > size - pos) {
            throw truncated();
        }
        buffer.compact();
        bufferStart = pos;
        while (buffer.position() < n) {
            int read = channel.read(buffer, bufferStart + buffer.position());
            if (read < 0) {
                throw truncated();
            }
        }
        buffer.flip();
    }

    int u8() throws IOException {
        require(1);
        return buffer.get() & 0xFF;
    }

    int u16() throws IOException {
        require(2);
        return buffer.getShort() & 0xFFFF;
    }

    short i16() throws IOException {
        require(2);
        return buffer.getShort();
    }

    /** An unsigned 32-bit value. */
    long u32() throws IOException {
        require(4);
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    int i32() throws IOException {
        require(4);
        return buffer.getInt();
    }

    /** A 64-bit value; unsigned values above Long.MAX_VALUE come back negative. */
    long i64() throws IOException {
        require(8);
        return buffer.getLong();
    }

    float f32() throws IOException {
        require(4);
        return buffer.getFloat();
    }

    double f64() throws IOException {
        require(8);
        return buffer.getDouble();
    }

    /** Skips n bytes without reading them. */
    void skip(long n) throws IOException {
        if (n < 0 || n > remaining()) {
            throw truncated();
        }
        if (n <= buffer.remaining()) {
            buffer.position(buffer.position() + (int) n);
        } else {
            bufferStart = position() + n;
            buffer.clear().limit(0);
        }
    }

    /** Reads a length-prefixed UTF-8 string of at most maxBytes bytes. */
    String string(int maxBytes) throws IOException {
        long at = position();
        long length = stringLength(at);
        if (length > maxBytes) {
            throw error("string of " + length + " bytes (more than the limit of " + maxBytes + ")", at);
        }
        int n = (int) length;
        if (n <= BUFFER_SIZE) {
            require(n);
            String s = new String(buffer.array(), buffer.position(), n, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + n);
            return s;
        }
        byte[] bytes = new byte[n];
        int done = 0;
        while (done < n) {
            int chunk = Math.min(BUFFER_SIZE, n - done);
            require(chunk);
            buffer.get(bytes, done, chunk);
            done += chunk;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads at most the first maxBytes (at most the buffer size) bytes of a length-prefixed string, skipping the rest. */
    String stringPrefix(int maxBytes) throws IOException {
        long length = stringLength(position());
        int n = (int) Math.min(length, Math.min(maxBytes, BUFFER_SIZE));
        require(n);
        String s = new String(buffer.array(), buffer.position(), n, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + n);
        skip(length - n);
        return s;
    }

    /** Skips a length-prefixed string. */
    void skipString() throws IOException {
        skip(stringLength(position()));
    }

    private long stringLength(long at) throws IOException {
        long length = i64();
        if (length < 0 || length > remaining()) {
            throw error("string length " + Long.toUnsignedString(length) + " exceeding the " + remaining()
                    + " bytes left in the file", at);
        }
        return length;
    }
}
