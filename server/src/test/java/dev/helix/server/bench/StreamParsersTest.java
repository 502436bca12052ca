package dev.helix.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers against the exact lines each kind of server sends. */
class StreamParsersTest {
    private final StreamParser sse = Api.OPENAI.parser();
    private final StreamParser ndjson = Api.OLLAMA.parser();

    @Test
    void sseTextUsageAndEnd() {
        assertEquals(List.of(new StreamEvent.Text("")), sse.parse(
                "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"));
        assertEquals(List.of(new StreamEvent.Text(" cat")), sse.parse(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" cat\"},\"finish_reason\":null}]}"));
        // vLLM and Helix: usage in a last event with no choices
        assertEquals(List.of(new StreamEvent.Usage(12, 7)), sse.parse(
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}"));
        // llama-server: the last content event may carry usage too
        assertEquals(List.of(new StreamEvent.Text("!"), new StreamEvent.Usage(3, 4)), sse.parse(
                "data:{\"choices\":[{\"delta\":{\"content\":\"!\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}"));
        assertEquals(List.of(StreamEvent.DONE), sse.parse("data: [DONE]"));
    }

    @Test
    void sseIgnoresWhatIsNotData() {
        for (String line : List.of("", ": keep-alive", "event: message", "id: 7", "retry: 100")) {
            assertEquals(List.of(StreamEvent.IGNORED), sse.parse(line), line);
        }
        assertEquals(List.of(StreamEvent.IGNORED), sse.parse("data: {\"choices\":[{\"delta\":{}}]}"));
    }

    @Test
    void sseErrorsInEitherShape() {
        assertEquals(List.of(new StreamEvent.Failure("context full")),
                sse.parse("data: {\"error\":{\"message\":\"context full\",\"type\":\"server_error\"}}"));
        assertEquals(List.of(new StreamEvent.Failure("busy")), sse.parse("data: {\"error\":\"busy\"}"));
        assertTrue(sse.parse("data: {not json").get(0) instanceof StreamEvent.Failure);
    }

    @Test
    void ndjsonChatGenerateAndLastObject() {
        assertEquals(List.of(new StreamEvent.Text("Once")), ndjson.parse(
                "{\"model\":\"m\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}"));
        assertEquals(List.of(new StreamEvent.Text(" upon")), ndjson.parse(
                "{\"model\":\"m\",\"response\":\" upon\",\"done\":false}"));
        assertEquals(List.of(new StreamEvent.Text(""), new StreamEvent.Usage(26, 8), StreamEvent.DONE), ndjson.parse(
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"done_reason\":\"length\",\"prompt_eval_count\":26,\"eval_count\":8}"));
        assertEquals(List.of(new StreamEvent.Failure("model \"x\" not found")),
                ndjson.parse("{\"error\":\"model \\\"x\\\" not found\"}"));
        assertEquals(List.of(StreamEvent.IGNORED), ndjson.parse("  "));
    }

    @Test
    void readingAStreamTimesTheTextAndRequiresTheEnd() throws IOException {
        String body = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
                + "data: [DONE]\n\n";
        StreamResult r = StreamClient.read(stream(body), new SseParser(), System.nanoTime());
        assertTrue(r.ok(), r.error());
        assertNull(r.error());
        assertEquals("ab", r.text());
        assertEquals(2, r.tokens());
        assertEquals(5, r.promptTokens());
        assertEquals(2, r.completionTokens());
        assertTrue(r.ttftNanos() > 0 && r.lastTokenNanos() >= r.ttftNanos() && r.totalNanos() >= r.lastTokenNanos());

        StreamResult cut = StreamClient.read(stream("{\"response\":\"a\",\"done\":false}\n"), new NdjsonParser(),
                System.nanoTime());
        assertFalse(cut.ok());
        assertEquals("the stream ended before the answer was complete", cut.error());
        assertEquals(1, cut.tokens());

        StreamResult failed = StreamClient.read(stream("{\"response\":\"a\",\"done\":false}\n{\"error\":\"runner died\"}\n"),
                new NdjsonParser(), System.nanoTime());
        assertFalse(failed.ok());
        assertEquals("runner died", failed.error());
    }

    @Test
    void errorBodiesAreReducedToTheirMessage() {
        assertEquals("no such model", StreamClient.errorMessage("{\"error\":{\"message\":\"no such model\"}}"));
        assertEquals("no such model", StreamClient.errorMessage("{\"error\":\"no such model\"}"));
        assertEquals("Not Found", StreamClient.errorMessage(" Not Found \n"));
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
