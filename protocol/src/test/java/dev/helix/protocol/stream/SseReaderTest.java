package dev.helix.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseReaderTest {
    /** Everything a reader meets in one small stream: comments, a typed event, ids, multi-line data, non-ASCII. */
    private static final String STREAM = """
            : keep-alive
            data: {"a":1}

            event: delta
            id: 7
            data: {"text":"é✓"}

            retry: 100
            data: one
            data:two
            data:  three

            data: [DONE]

            """;

    private static final List<SseEvent> EVENTS = List.of(
            new SseEvent("message", "{\"a\":1}", null),
            new SseEvent("delta", "{\"text\":\"é✓\"}", "7"),
            new SseEvent("message", "one\ntwo\n three", "7"),
            new SseEvent("message", "[DONE]", "7"));

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everySplitIntoThreePiecesReadsTheSameEvents(String lineEnd) throws IOException {
        ChunkedInput.everyThreeWayCut(STREAM.replace("\n", lineEnd),
                (input, where) -> assertEquals(EVENTS, readAll(input), where));
    }

    @Test
    void oneByteAtATime() throws IOException {
        String text = STREAM.replace("\n", "\r\n");
        int[] cuts = new int[text.getBytes(StandardCharsets.UTF_8).length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertEquals(EVENTS, readAll(ChunkedInput.cut(text, cuts)));
    }

    @Test
    void anEventIsDispatchedAsSoonAsItsBlankLineArrives() throws IOException {
        var body = ChunkedInput.of("data: first\n", "\n", "data: second\n\n", "data: [DONE]\n\n");
        var reader = new SseReader(body);
        assertEquals("first", reader.next().data());
        assertEquals(2, body.piecesStarted(), "nothing read past the first event");
        assertEquals("second", reader.next().data());
        assertEquals(3, body.piecesStarted());
        assertTrue(reader.next().isDone());
        assertNull(reader.next());
        assertNull(reader.next(), "the end stays the end");
    }

    @Test
    void aCrLfSplitBetweenPiecesIsOneLineEnd() throws IOException {
        var reader = new SseReader(ChunkedInput.of("data: a\r", "\n\r", "\ndata: b\r\n\r\n"));
        assertEquals(new SseEvent("message", "a", null), reader.next());
        assertEquals(new SseEvent("message", "b", null), reader.next());
        assertNull(reader.next());
    }

    @Test
    void eventsWithoutDataAreNotDispatched() throws IOException {
        var reader = reader("event: ping\n\nid: 3\n\n: only a comment\n\nevent: x\ndata\n\n");
        assertEquals(new SseEvent("x", "", "3"), reader.next(), "a data line without a colon is empty data");
        assertNull(reader.next());
    }

    @Test
    void unknownAndMalformedLinesAreSkipped() throws IOException {
        var reader = reader("garbage without a colon\ndata: kept\nweird: field\n{\"not\":\"sse\"}\n\n");
        assertEquals("kept", reader.next().data());
        assertNull(reader.next());
    }

    @Test
    void aLeadingByteOrderMarkIsDropped() throws IOException {
        assertEquals("x", reader("\uFEFFdata: x\n\n").next().data());
    }

    @Test
    void aTornLineAtTheEndIsAnError() throws IOException {
        var reader = reader("data: {\"a\":1}\n\ndata: {\"b\"");
        assertEquals("{\"a\":1}", reader.next().data());
        var torn = assertThrows(TornStreamException.class, reader::next);
        assertEquals("data: {\"b\"", torn.partial());
        assertNull(reader.next());
    }

    @Test
    void anEventWithoutItsBlankLineAtTheEndIsAnError() throws IOException {
        var torn = assertThrows(TornStreamException.class, () -> reader("data: [DONE]\n").next());
        assertEquals("data: [DONE]", torn.partial());
        var twoLines = assertThrows(TornStreamException.class, () -> reader("event: x\ndata: 1\r\n").next());
        assertEquals("event: x\ndata: 1", twoLines.partial());
    }

    @Test
    void anEmptyStreamOrOneOfCommentsHasNoEvents() throws IOException {
        assertNull(reader("").next());
        assertNull(reader(": a\n: b\n\n").next());
        assertThrows(TornStreamException.class, () -> reader(": a").next(), "any torn line, even a comment");
    }

    @Test
    void onlyTheDoneMarkerIsDone() {
        assertTrue(new SseEvent("message", "[DONE]", null).isDone());
        assertFalse(new SseEvent("message", " [DONE]", null).isDone());
        assertFalse(new SseEvent("message", "{}", null).isDone());
    }

    private static SseReader reader(String text) {
        return new SseReader(ChunkedInput.of(text));
    }

    private static List<SseEvent> readAll(InputStream body) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (var reader = new SseReader(body)) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }
}
