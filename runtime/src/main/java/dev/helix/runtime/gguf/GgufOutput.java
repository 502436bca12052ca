package dev.helix.runtime.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Little-endian writes to a file channel through one buffer, tracking the file position. */
final class GgufOutput {

    private static final int BUFFER_SIZE = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    GgufOutput(FileChannel channel) {
        this.channel = channel;
    }

    long position() {
        return flushed + buffer.position();
    }

    private void ensure(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }

    void u8(int v) throws IOException {
        ensure(1);
        buffer.put((byte) v);
    }

    void u16(int v) throws IOException {
        ensure(2);
        buffer.putShort((short) v);
    }

    void u32(int v) throws IOException {
        ensure(4);
        buffer.putInt(v);
    }

    void u64(long v) throws IOException {
        ensure(8);
        buffer.putLong(v);
    }

    void f32(float v) throws IOException {
        ensure(4);
        buffer.putFloat(v);
    }

    void f64(double v) throws IOException {
        ensure(8);
        buffer.putDouble(v);
    }

    void bytes(byte[] bytes, int from, int length) throws IOException {
        int done = 0;
        while (done < length) {
            ensure(1);
            int chunk = Math.min(buffer.remaining(), length - done);
            buffer.put(bytes, from + done, chunk);
            done += chunk;
        }
    }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes. */
    void string(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        bytes(bytes, 0, bytes.length);
    }

    /** Writes zero bytes up to the next multiple of alignment. */
    void padTo(int alignment) throws IOException {
        while (position() % alignment != 0) {
            u8(0);
        }
    }
}
