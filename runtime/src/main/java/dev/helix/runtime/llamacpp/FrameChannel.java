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
 * stream adapters, which serialise a blocked read against writes). One thread reads; any thread may write.
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

    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object writeLock = new Object();

    FrameChannel(SocketChannel channel) {
        this.channel = channel;
    }

    void write(Frame frame) throws IOException {
        byte[] body = JSON.writeValueAsBytes(frame);
        ByteBuffer buffer = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        synchronized (writeLock) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
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
            if (channel.read(buffer) < 0) {
                throw new EOFException("channel closed");
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
