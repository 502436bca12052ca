package dev.helix.providers.discovery;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The API key, if any, configured for a base URL. Discovery sends a key only to the server it was given for. */
@FunctionalInterface
public interface ApiKeys {
    ApiKeys NONE = baseUrl -> Optional.empty();

    Optional<String> keyFor(URI baseUrl);

    /** Keys by base URL ({@code http://host:port/}). */
    static ApiKeys of(Map<URI, String> keys) {
        Map<URI, String> copy = Map.copyOf(keys);
        return baseUrl -> Optional.ofNullable(copy.get(baseUrl.resolve("/")));
    }
}
