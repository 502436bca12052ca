package dev.helix.providers.upstream;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a server takes an API key.
 *
 * @param headers   the headers it reads a key from, preferred first; empty when it has no key at all
 * @param required  whether it refuses requests without a key in its usual configuration (Jan; TabbyAPI generates
 *                  keys on first start)
 * @param openPaths paths that answer without a key even when one is configured (health probes, mostly)
 * @param rejection the body of its 401 answer
 */
public record Auth(List<AuthHeader> headers, boolean required, Set<String> openPaths, ErrorShape rejection) {
    /** No key, ever (Ollama, GPT4All, MLX; mistral.rs ignores a Bearer header). */
    public static final Auth NONE = new Auth(List.of(), false, Set.of(), ErrorShape.NONE);

    public Auth {
        headers = List.copyOf(headers);
        openPaths = Set.copyOf(openPaths);
        Objects.requireNonNull(rejection, "rejection");
        if (headers.isEmpty() && (required || rejection != ErrorShape.NONE)) {
            throw new IllegalArgumentException("a server without key headers can neither require nor reject a key");
        }
    }

    /** Whether the server can be given a key at all. */
    public boolean acceptsKey() {
        return !headers.isEmpty();
    }
}
