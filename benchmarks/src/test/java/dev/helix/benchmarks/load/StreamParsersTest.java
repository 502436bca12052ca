package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers against the exact payloads and streams each kind of server sends. */
class StreamParsersTest {

    @Test
    void sseTextUsageAndEnd() {
        assertEquals(List.of(new StreamEvent.Text("")), SseParser.parse(
                "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        assertEquals(List.of(new StreamEvent.Text(" cat")), SseParser.parse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" cat\"},\"finish_reason\":null}]}"));
        // vLLM and Helix: usage in a last event with no choices
        assertEquals(List.of(new StreamEvent.Usage(12, 7)), SseParser.parse(
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}"));
        // llama-server: the last content event may carry usage too
        assertEquals(List.of(new StreamEvent.Text("!"), new StreamEvent.Usage(3, 4)), SseParser.parse(
                "{\"choices\":[{\"delta\":{\"content\":\"!\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}"));
        assertEquals(List.of(StreamEvent.IGNORED), SseParser.parse("{\"choices\":[{\"delta\":{}}]}"));
    }

    @Test
    void sseFramingIsTheProtocolReaders() throws IOException {
        var parser = Api.OPENAI.parser(stream(": keep-alive\n\nevent: message\nid: 7\nretry: 100\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\n\r\ndata: [DONE]\n\n"));
        assertEquals(List.of(List.of(new StreamEvent.Text("a")), List.of(StreamEvent.DONE)), readAll(parser));
    }

    @Test
    void sseErrorsInEitherShape() {
        assertEquals(List.of(new StreamEvent.Failure("context full")),
                SseParser.parse("{\"error\":{\"message\":\"context full\",\"type\":\"server_error\"}}"));
        assertEquals(List.of(new StreamEvent.Failure("busy")), SseParser.parse("{\"error\":\"busy\"}"));
        assertEquals(List.of(new StreamEvent.Failure("{\"code\":500}")), SseParser.parse("{\"error\":{\"code\":500}}"));
        assertTrue(SseParser.parse("{not json").get(0) instanceof StreamEvent.Failure);
    }

    @Test
    void ndjsonChatGenerateAndLastObject() {
        assertEquals(List.of(new StreamEvent.Text("Once")), NdjsonParser.parse(
                "{\"model\":\"m\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}"));
        assertEquals(List.of(new StreamEvent.Text(" upon")), NdjsonParser.parse(
                "{\"model\":\"m\",\"response\":\" upon\",\"done\":false}"));
        assertEquals(List.of(new StreamEvent.Text(""), new StreamEvent.Usage(26, 8), StreamEvent.DONE), NdjsonParser.parse(
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"done_reason\":\"length\",\"prompt_eval_count\":26,\"eval_count\":8}"));
        assertEquals(List.of(new StreamEvent.Usage(-1, -1), StreamEvent.DONE), NdjsonParser.parse("{\"done\":true}"));
        assertEquals(List.of(new StreamEvent.Failure("model \"x\" not found")),
                NdjsonParser.parse("{\"error\":\"model \\\"x\\\" not found\"}"));
    }

    @Test
    void readingAStreamTimesTheTextAndRequiresTheEnd() throws IOException {
        String body = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
                + "data: [DONE]\n\n";
        StreamResult r = StreamClient.read(Api.OPENAI.parser(stream(body)), System.nanoTime());
        assertTrue(r.ok(), r.error());
        assertNull(r.error());
        assertEquals("ab", r.text());
        assertEquals(2, r.tokens());
        assertEquals(5, r.promptTokens());
        assertEquals(2, r.completionTokens());
        assertTrue(r.ttftNanos() > 0 && r.lastTokenNanos() >= r.ttftNanos() && r.totalNanos() >= r.lastTokenNanos());

        StreamResult cut = StreamClient.read(Api.OLLAMA.parser(stream("{\"response\":\"a\",\"done\":false}\n")),
                System.nanoTime());
        assertFalse(cut.ok());
        assertEquals("the stream ended before the answer was complete", cut.error());
        assertEquals(1, cut.tokens());

        StreamResult torn = StreamClient.read(Api.OLLAMA.parser(stream("{\"response\":\"a\",\"done\":false}\n"
                + "{\"response\":\"b\",\"do")), System.nanoTime());
        assertFalse(torn.ok());
        assertTrue(torn.error().startsWith("the stream ended inside a line"), torn.error());
        assertEquals("a", torn.text());

        StreamResult failed = StreamClient.read(Api.OLLAMA.parser(stream("{\"response\":\"a\",\"done\":false}\n"
                + "{\"error\":\"runner died\"}\n")), System.nanoTime());
        assertFalse(failed.ok());
        assertEquals("runner died", failed.error());
    }

    @Test
    void errorBodiesAreReducedToTheirMessage() {
        assertEquals("no such model", StreamClient.errorMessage("{\"error\":{\"message\":\"no such model\"}}"));
        assertEquals("no such model", StreamClient.errorMessage("{\"error\":\"no such model\"}"));
        assertEquals("Not Found", StreamClient.errorMessage(" Not Found \n"));
    }

    private static List<List<StreamEvent>> readAll(StreamParser parser) throws IOException {
        List<List<StreamEvent>> frames = new ArrayList<>();
        List<StreamEvent> events;
        while ((events = parser.next()) != null) {
            frames.add(events);
        }
        return frames;
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
