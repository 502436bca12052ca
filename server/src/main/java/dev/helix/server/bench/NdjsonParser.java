package dev.helix.server.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama chat and generate streams: one JSON object per line, the text in {@code message.content} (chat) or
 * {@code response} (generate), the last object with {@code done:true} and the counts {@code prompt_eval_count} and
 * {@code eval_count}, an error as {@code {"error":"..."}}.
 */
final class NdjsonParser implements StreamParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<StreamEvent> parse(String line) {
        if (line.isBlank()) {
            return List.of(StreamEvent.IGNORED);
        }
        JsonNode object;
        try {
            object = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return List.of(new StreamEvent.Failure("unreadable line: " + SseParser.abbreviate(line)));
        }
        if (object.hasNonNull("error")) {
            JsonNode error = object.get("error");
            return List.of(new StreamEvent.Failure(error.isTextual() ? error.asText() : error.toString()));
        }
        List<StreamEvent> events = new ArrayList<>(3);
        JsonNode text = object.path("message").path("content");
        if (!text.isTextual()) {
            text = object.path("response");
        }
        if (text.isTextual()) {
            events.add(new StreamEvent.Text(text.asText()));
        }
        if (object.path("done").asBoolean(false)) {
            events.add(new StreamEvent.Usage(object.path("prompt_eval_count").asInt(-1),
                    object.path("eval_count").asInt(-1)));
            events.add(StreamEvent.DONE);
        }
        return events.isEmpty() ? List.of(StreamEvent.IGNORED) : events;
    }
}
