package dev.helix.providers.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request a fake upstream received, as it arrived.
 *
 * @param method  GET, POST...
 * @param path    the path, without the query
 * @param query   the raw query, empty if none
 * @param headers header names in lower case
 * @param body    the body as text (UTF-8)
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, by any case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body parsed as JSON ({@code MissingNode} when it is empty or not JSON). */
    public JsonNode json() {
        return Json.parse(body);
    }

    /** {@code METHOD path}. */
    public String line() {
        return method + " " + path;
    }
}
