package dev.helix.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NdjsonReaderTest {
    private static final String STREAM = """
            {"message":{"content":"é✓"},"done":false}

            {"message":{"content":"\\n"},"done":false}
            {"done":true,"eval_count":2}
            """;

    private static final List<String> LINES = List.of(
            "{\"message\":{\"content\":\"é✓\"},\"done\":false}",
            "{\"message\":{\"content\":\"\\n\"},\"done\":false}",
            "{\"done\":true,\"eval_count\":2}");

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n"})
    void everySplitIntoThreePiecesReadsTheSameLines(String lineEnd) throws IOException {
        ChunkedInput.everyThreeWayCut(STREAM.replace("\n", lineEnd),
                (input, where) -> assertEquals(LINES, readAll(input), where));
    }

    @Test
    void aLineIsReturnedAsSoonAsItsLineBreakArrives() throws IOException {
        var body = ChunkedInput.of("{\"a\":", "1}\n{\"b\":2}\n", "{\"c\":3}\n");
        var reader = new NdjsonReader(body);
        assertEquals("{\"a\":1}", reader.next());
        assertEquals(2, body.piecesStarted());
        assertEquals("{\"b\":2}", reader.next());
        assertEquals(2, body.piecesStarted(), "the second line was already there");
        assertEquals("{\"c\":3}", reader.next());
        assertNull(reader.next());
    }

    @Test
    void aTornLastLineIsAnErrorWithWhatArrived() throws IOException {
        var reader = new NdjsonReader(ChunkedInput.of("{\"a\":1}\n{\"done\":tr"));
        assertEquals("{\"a\":1}", reader.next());
        var torn = assertThrows(TornStreamException.class, reader::next);
        assertEquals("{\"done\":tr", torn.partial());
    }

    @Test
    void aMalformedLineIsTheCallersToJudgeAndTheNextStillReads() throws IOException {
        var reader = new NdjsonReader(ChunkedInput.of("not json\n  \n{\"ok\":true}\n"));
        assertEquals("not json", reader.next());
        assertEquals("{\"ok\":true}", reader.next(), "blank lines skipped");
        assertNull(reader.next());
    }

    private static List<String> readAll(InputStream body) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var reader = new NdjsonReader(body)) {
            String line;
            while ((line = reader.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
