package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole SSE body split into its events: each event's name ({@code message} when it has none) and data. For tests
 * of what a fake (or a real server's capture) sent.
 */
record SseEvents(List<String> names, List<String> data) {

    static SseEvents parse(String body) {
        var names = new ArrayList<String>();
        var data = new ArrayList<String>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String name = "message";
            var lines = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    lines.append(lines.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
            names.add(name);
            data.add(lines.toString());
        }
        return new SseEvents(names, data);
    }

    /** The data of each event that is JSON ({@code [DONE]} left out). */
    List<JsonNode> json() {
        return data.stream().filter(d -> !d.equals("[DONE]")).map(Json::parse).toList();
    }

    /** The chat text: every {@code choices[0].delta.content} in order. */
    String content() {
        StringBuilder text = new StringBuilder();
        json().forEach(e -> text.append(e.at("/choices/0/delta/content").asText("")));
        return text.toString();
    }
}
