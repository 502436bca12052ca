package dev.helix.protocol.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** What both writers do with a frame: serialise its payload, then write it whole and flush. */
final class Frames {
    private Frames() {}

    static byte[] json(ObjectMapper json, Object payload) {
        try {
            return json.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(OutputStream out, byte[] frame) {
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
