package dev.helix.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.stream.SseEvent;
import dev.helix.protocol.stream.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completion streams as Helix, llama-server, vLLM and Ollama's /v1 send them: {@code data: <json>}
 * events, each a {@link ChatCompletionChunk} with the text in {@code choices[0].delta.content} and usage in a last
 * event with {@code usage}, an error as {@code {"error":...}}, and {@code data: [DONE]} at the end.
 */
final class SseParser implements StreamParser {
    private final SseReader events;

    SseParser(InputStream body) {
        this.events = new SseReader(body);
    }

    @Override
    public List<StreamEvent> next() throws IOException {
        SseEvent event = events.next();
        if (event == null) {
            return null;
        }
        return event.isDone() ? List.of(StreamEvent.DONE) : parse(event.data());
    }

    static List<StreamEvent> parse(String data) {
        JsonNode payload;
        ChatCompletionChunk chunk;
        try {
            payload = Payloads.JSON.readTree(data);
            String error = Payloads.errorMessage(payload);
            if (error != null) {
                return List.of(new StreamEvent.Failure(error));
            }
            chunk = Payloads.JSON.treeToValue(payload, ChatCompletionChunk.class);
        } catch (IOException e) {
            return List.of(new StreamEvent.Failure("unreadable event: " + Payloads.abbreviate(data)));
        }
        List<StreamEvent> events = new ArrayList<>(2);
        if (chunk.choices() != null && !chunk.choices().isEmpty()) {
            var delta = chunk.choices().getFirst().delta();
            if (delta != null && delta.content() != null) {
                events.add(new StreamEvent.Text(delta.content()));
            }
        }
        if (chunk.usage() != null) {
            events.add(new StreamEvent.Usage(chunk.usage().promptTokens(), chunk.usage().completionTokens()));
        }
        return events.isEmpty() ? List.of(StreamEvent.IGNORED) : events;
    }
}
