package dev.helix.providers.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a server answered to one request: status, headers (names in lower case), body, and the body as JSON
 * ({@link MissingNode} when it is not JSON).
 */
public record Reply(int status, Map<String, List<String>> headers, String body, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Reply {
        var lower = new TreeMap<String, List<String>>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = Map.copyOf(lower);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(json, "json");
    }

    /** A reply whose body is parsed as JSON if it is JSON. */
    public static Reply of(int status, Map<String, List<String>> headers, String body) {
        return new Reply(status, headers, body, parse(body));
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    private static JsonNode parse(String body) {
        String trimmed = body.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
