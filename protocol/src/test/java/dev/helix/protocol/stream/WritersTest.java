package dev.helix.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.WireJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the writers put on the wire, byte for byte, and that the readers take it back. */
class WritersTest {
    private final ObjectMapper json = WireJson.mapper();

    record Piece(String textValue, Integer count) {}

    @Test
    void sseFramesEachEventAndFlushesIt() throws IOException {
        var out = new FlushCounter();
        var sse = new SseWriter(out, json);
        sse.event(new Piece("a\nb", null));
        sse.event(Map.of("n", 1));
        sse.done();
        String wire = out.toString(StandardCharsets.UTF_8);
        assertEquals("data: {\"text_value\":\"a\\nb\"}\n\ndata: {\"n\":1}\n\ndata: [DONE]\n\n", wire);
        assertEquals(3, out.flushes);

        var reader = new SseReader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("{\"text_value\":\"a\\nb\"}", reader.next().data());
        assertEquals("{\"n\":1}", reader.next().data());
        assertTrue(reader.next().isDone());
        assertNull(reader.next());
    }

    @Test
    void namedSseEventsCarryTheirTypeAndAreFlushedOneByOne() throws IOException {
        var out = new FlushCounter();
        var sse = new SseWriter(out, json);
        sse.event("message_start", Map.of("type", "message_start"));
        sse.event("response.output_text.delta", new Piece("hé", 1));
        assertEquals("event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                + "event: response.output_text.delta\ndata: {\"text_value\":\"hé\",\"count\":1}\n\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(2, out.flushes);

        var reader = new SseReader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("message_start", reader.next().type());
        var second = reader.next();
        assertEquals("response.output_text.delta", second.type());
        assertEquals("{\"text_value\":\"hé\",\"count\":1}", second.data());
        assertNull(reader.next());
        assertThrows(IllegalArgumentException.class, () -> sse.event("a\nb", Map.of()));
    }

    @Test
    void ndjsonWritesOneLinePerObjectAndFlushesIt() throws IOException {
        var out = new FlushCounter();
        var ndjson = new NdjsonWriter(out, json);
        ndjson.line(new Piece("x", 2));
        ndjson.line(Map.of("done", true));
        assertEquals("{\"text_value\":\"x\",\"count\":2}\n{\"done\":true}\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, out.flushes);

        var reader = new NdjsonReader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("{\"text_value\":\"x\",\"count\":2}", reader.next());
        assertEquals("{\"done\":true}", reader.next());
        assertNull(reader.next());
    }

    @Test
    void aFailedWriteIsUnchecked() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        };
        assertThrows(UncheckedIOException.class, () -> new SseWriter(broken, json).done());
        assertThrows(UncheckedIOException.class, () -> new NdjsonWriter(broken, json).line(Map.of()));
    }

    private static final class FlushCounter extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }
}
