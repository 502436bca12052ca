package dev.helix.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.llamacpp.DetokenizeResponse;
import dev.helix.protocol.llamacpp.HealthResponse;
import dev.helix.protocol.llamacpp.ServerProps;
import dev.helix.protocol.llamacpp.TokenizeResponse;
import dev.helix.protocol.openai.ChatCompletion;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.openai.EmbeddingList;
import dev.helix.protocol.openai.FinishReasons;
import dev.helix.protocol.openai.ModelList;
import dev.helix.protocol.openai.OpenAiError;
import dev.helix.protocol.openai.TextCompletion;
import dev.helix.protocol.stream.SseEvent;
import dev.helix.protocol.stream.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every body llama-server b4980 sent (../shared/reference/wire, skipped when absent) reads into the wire records. */
class LlamaServerCapturesTest {
    private static final ObjectMapper JSON = WireJson.mapper();
    private static final Map<String, Class<?>> WHOLE = Map.ofEntries(
            Map.entry("chat", ChatCompletion.class),
            Map.entry("chat-tool-required", ChatCompletion.class),
            Map.entry("json-schema", ChatCompletion.class),
            Map.entry("completion", TextCompletion.class),
            Map.entry("embeddings", EmbeddingList.class),
            Map.entry("v1-models", ModelList.class),
            Map.entry("error-bad-json", OpenAiError.class),
            Map.entry("error-embeddings-off", OpenAiError.class),
            Map.entry("error-no-messages", OpenAiError.class),
            Map.entry("error-tools-stream", OpenAiError.class),
            Map.entry("metrics-off", OpenAiError.class),
            Map.entry("not-found", OpenAiError.class),
            Map.entry("health", HealthResponse.class),
            Map.entry("props", ServerProps.class),
            Map.entry("tokenize", TokenizeResponse.class),
            Map.entry("detokenize", DetokenizeResponse.class));
    private static final Map<String, Class<?>> STREAMED = Map.of(
            "chat-stream", ChatCompletionChunk.class,
            "completion-stream", TextCompletion.class);

    private static Path dir;

    @BeforeAll
    static void captures() {
        dir = SharedWire.assumeCaptures("llama-server-b4980");
    }

    @Test
    void everyCaptureIsCovered() throws IOException {
        var names = new TreeSet<String>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".body"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".body".length())));
        }
        var covered = new TreeSet<String>(WHOLE.keySet());
        covered.addAll(STREAMED.keySet());
        assertEquals(covered, names, "a new capture needs a record to read it into");
    }

    @Test
    void everyWholeBodyReads() throws IOException {
        for (var capture : WHOLE.entrySet()) {
            Object value = JSON.readValue(SharedWire.body(dir, capture.getKey()), capture.getValue());
            assertTrue(capture.getValue().isInstance(value), capture.getKey());
        }
    }

    @Test
    void everyStreamReadsEventByEventToDone() throws IOException {
        for (var capture : STREAMED.entrySet()) {
            List<SseEvent> events = events(capture.getKey());
            assertTrue(events.getLast().isDone(), capture.getKey());
            for (SseEvent event : events.subList(0, events.size() - 1)) {
                assertTrue(capture.getValue().isInstance(JSON.readValue(event.data(), capture.getValue())));
            }
        }
    }

    @Test
    void aChatAnswerWithUsageAndTimings() throws IOException {
        var chat = JSON.readValue(SharedWire.body(dir, "chat"), ChatCompletion.class);
        assertEquals("chat.completion", chat.object());
        var choice = chat.choices().getFirst();
        assertEquals(FinishReasons.LENGTH, choice.finishReason());
        assertEquals("assistant", choice.message().role());
        assertEquals("\"Here?\" Asked J", choice.message().content());
        assertNull(choice.message().toolCalls());
        assertEquals(new ChatCompletion.Usage(46, 12, 58), chat.usage());
        assertEquals(12, chat.timings().predictedN());
        assertTrue(chat.timings().promptPerSecond() > 0);
    }

    @Test
    void theChatStreamCarriesUsageOnItsLastContentChunk() throws IOException {
        var text = new StringBuilder();
        ChatCompletionChunk last = null;
        for (SseEvent event : events("chat-stream")) {
            if (event.isDone()) {
                break;
            }
            last = JSON.readValue(event.data(), ChatCompletionChunk.class);
            var delta = last.choices().getFirst().delta();
            if (delta.content() != null) {
                text.append(delta.content());
            }
        }
        assertEquals("\"Here?\"", text.toString());
        assertEquals(FinishReasons.LENGTH, last.choices().getFirst().finishReason());
        assertEquals(new ChatCompletion.Usage(46, 6, 52), last.usage());
        assertEquals(6, last.timings().predictedN());
    }

    @Test
    void errorsCarryTheStatusAsTheirCode() throws IOException {
        var error = JSON.readValue(SharedWire.body(dir, "error-tools-stream"), OpenAiError.class).error();
        assertEquals("Cannot use tools with stream", error.message());
        assertEquals("server_error", error.type());
        assertEquals("500", error.code());
        assertEquals("not_found_error", JSON.readValue(SharedWire.body(dir, "not-found"), OpenAiError.class)
                .error().type());
    }

    @Test
    void theModelListAndTheFingerprint() throws IOException {
        var model = JSON.readValue(SharedWire.body(dir, "v1-models"), ModelList.class).data().getFirst();
        assertEquals("stories260K.gguf", model.id());
        assertEquals("llamacpp", model.ownedBy());
        var props = JSON.readValue(SharedWire.body(dir, "props"), ServerProps.class);
        assertEquals(2, props.totalSlots());
        assertEquals(1024, props.defaultGenerationSettings().path("n_ctx").asInt());
        assertFalse(props.chatTemplate().isEmpty());
        assertEquals("b1-a97dd0e", props.buildInfo());
    }

    @Test
    void embeddingsTokensAndText() throws IOException {
        var embeddings = JSON.readValue(SharedWire.body(dir, "embeddings"), EmbeddingList.class);
        assertEquals(2, embeddings.data().size());
        assertEquals(1, embeddings.data().get(1).index());
        assertEquals(64, ((List<?>) embeddings.data().getFirst().embedding()).size());
        assertEquals(4, JSON.readValue(SharedWire.body(dir, "tokenize"), TokenizeResponse.class).tokens().length);
        assertEquals(" Once upon a time",
                JSON.readValue(SharedWire.body(dir, "detokenize"), DetokenizeResponse.class).content());
        assertEquals("ok", JSON.readValue(SharedWire.body(dir, "health"), HealthResponse.class).status());
    }

    private static List<SseEvent> events(String capture) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        try (var reader = new SseReader(new ByteArrayInputStream(SharedWire.body(dir, capture)))) {
            SseEvent event;
            while ((event = reader.next()) != null) {
                events.add(event);
            }
        }
        return events;
    }
}
