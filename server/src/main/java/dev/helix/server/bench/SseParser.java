package dev.helix.server.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completion streams as Helix, llama-server, vLLM and Ollama's /v1 send them: {@code data: <json>}
 * events with the text in {@code choices[0].delta.content}, usage in a last event with {@code usage}, an error as
 * {@code {"error":...}}, and {@code data: [DONE]} at the end. Comments, {@code event:}/{@code id:} lines and blank
 * separators are ignored.
 */
final class SseParser implements StreamParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<StreamEvent> parse(String line) {
        if (!line.startsWith("data:")) {
            return List.of(StreamEvent.IGNORED);
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
            return List.of(StreamEvent.DONE);
        }
        JsonNode event;
        try {
            event = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return List.of(new StreamEvent.Failure("unreadable event: " + abbreviate(data)));
        }
        if (event.has("error")) {
            JsonNode error = event.get("error");
            return List.of(new StreamEvent.Failure(error.isTextual() ? error.asText() : error.path("message").asText(error.toString())));
        }
        List<StreamEvent> events = new ArrayList<>(2);
        JsonNode choice = event.path("choices").path(0);
        JsonNode content = choice.path("delta").path("content");
        if (content.isTextual()) {
            events.add(new StreamEvent.Text(content.asText()));
        }
        JsonNode usage = event.path("usage");
        if (usage.isObject()) {
            events.add(new StreamEvent.Usage(usage.path("prompt_tokens").asInt(-1),
                    usage.path("completion_tokens").asInt(-1)));
        }
        return events.isEmpty() ? List.of(StreamEvent.IGNORED) : events;
    }

    static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
