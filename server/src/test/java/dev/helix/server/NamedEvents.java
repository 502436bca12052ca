package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.protocol.stream.SseEvent;
import dev.helix.protocol.stream.SseReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream of named server-sent events (the Responses and Messages APIs), read back whole: each event's name and its
 * JSON data, checked to agree ({@code event:} is the data's {@code type}).
 */
record NamedEvents(List<Event> events) {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Event(String name, JsonNode data) {}

    static NamedEvents of(String body) {
        List<Event> events = new ArrayList<>();
        try (var reader = new SseReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            for (SseEvent e; (e = reader.next()) != null; ) {
                assertTrue(!e.type().equals("message"), "an event without a name: " + e.data());
                JsonNode data = JSON.readTree(e.data());
                assertEquals(e.type(), data.path("type").asText(), "event name and data type differ: " + e.data());
                events.add(new Event(e.type(), data));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NamedEvents(List.copyOf(events));
    }

    /** The names in order, a run of the same delta event counted once (how many tokens a piece takes varies). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (Event e : events) {
            boolean delta = e.name().endsWith(".delta") || e.name().equals("content_block_delta");
            if (!(delta && !names.isEmpty() && names.get(names.size() - 1).equals(e.name()))) {
                names.add(e.name());
            }
        }
        return names;
    }

    List<JsonNode> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).map(Event::data).toList();
    }

    /** The given field of every event of this name, joined. */
    String joined(String name, String pointer) {
        return named(name).stream().map(d -> d.at(pointer).asText()).reduce("", String::concat);
    }

    JsonNode last() {
        return events.get(events.size() - 1).data();
    }
}
