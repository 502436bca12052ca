package dev.helix.runtime.llamacpp;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.OutputConstraint;
import dev.helix.provider.ToolChoice;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Length-prefixed JSON frames over a Unix domain socket. Reads and writes use the channel directly (not the
 * stream adapters, which serialise a blocked read against writes). One thread reads, through a buffer, so that frames
 * that arrive together cost one system call; any thread may write, at once ({@link #write}) or gathered with other
 * frames until a {@link #flush()} (the decode loop sends all the tokens of one step in one write).
 */
final class FrameChannel implements AutoCloseable {
    /** Frames above this are corrupt input, not data: refuse them before allocating. */
    private static final int MAX_FRAME = 256 << 20;

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = OutputConstraint.AnyJson.class, name = "any_json"),
            @JsonSubTypes.Type(value = OutputConstraint.JsonSchema.class, name = "json_schema"),
    })
    private interface OutputConstraintMixin {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = ToolChoice.None.class, name = "none"),
            @JsonSubTypes.Type(value = ToolChoice.Auto.class, name = "auto"),
            @JsonSubTypes.Type(value = ToolChoice.Required.class, name = "required"),
            @JsonSubTypes.Type(value = ToolChoice.Named.class, name = "named"),
    })
    private interface ToolChoiceMixin {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(OutputConstraint.class, OutputConstraintMixin.class)
            .addMixIn(ToolChoice.class, ToolChoiceMixin.class)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Bytes read ahead of the frame being read. */
    private static final int READ_AHEAD = 64 << 10;

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final ByteBuffer in = ByteBuffer.allocate(READ_AHEAD).flip();
    private final Object writeLock = new Object();
    /** Frames gathered for the next flush, each with its length prefix; guarded by writeLock. */
    private final java.util.ArrayList<ByteBuffer> pending = new java.util.ArrayList<>();

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /** Sends a frame now, after any gathered ones. */
    void write(Frame frame) throws IOException {
        ByteBuffer buffer = encode(frame);
        synchronized (writeLock) {
            pending.add(buffer);
            flushLocked();
        }
    }

    /** Gathers a frame for the next {@link #flush()} or {@link #write}. */
    void gather(Frame frame) throws IOException {
        ByteBuffer buffer = encode(frame);
        synchronized (writeLock) {
            pending.add(buffer);
        }
    }

    /** Sends the gathered frames in one write. */
    void flush() throws IOException {
        synchronized (writeLock) {
            flushLocked();
        }
    }

    private void flushLocked() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = pending.toArray(ByteBuffer[]::new);
        pending.clear();
        ByteBuffer last = buffers[buffers.length - 1];
        while (last.hasRemaining()) {
            channel.write(buffers);
        }
    }

    private static ByteBuffer encode(Frame frame) throws IOException {
        byte[] body = JSON.writeValueAsBytes(frame);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
    }

    /** The next frame; {@link EOFException} when the other side has gone. */
    Frame read() throws IOException {
        header.clear();
        readFully(header);
        int length = header.flip().getInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("corrupt frame length " + length);
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body);
        return JSON.readValue(body.array(), Frame.class);
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (in.hasRemaining()) {
                int n = Math.min(in.remaining(), buffer.remaining());
                buffer.put(in.slice(in.position(), n));
                in.position(in.position() + n);
            } else if (buffer.remaining() >= READ_AHEAD) { // a large frame: straight into its own buffer
                if (channel.read(buffer) < 0) {
                    throw new EOFException("channel closed");
                }
            } else {
                in.clear();
                int n = channel.read(in);
                in.flip();
                if (n < 0) {
                    throw new EOFException("channel closed");
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket whose peer is gone: nothing left to release
        }
    }
}
