package dev.helix.router;

import java.time.Duration;

/**
 * How long a model stays loaded after its last request, with Ollama's semantics: a positive duration, zero
 * (unload as soon as the reply is done), or forever (any negative value).
 */
public record KeepAlive(Duration duration) {
    public static final KeepAlive DEFAULT = new KeepAlive(Duration.ofMinutes(5));
    public static final KeepAlive FOREVER = new KeepAlive(Duration.ofSeconds(-1));
    public static final KeepAlive UNLOAD_NOW = new KeepAlive(Duration.ZERO);

    public boolean forever() {
        return duration.isNegative();
    }

    /**
     * Parses Ollama's forms: a JSON number of seconds, or a Go duration string ("5m", "1h30m", "300ms",
     * "-1", "0"). Throws IllegalArgumentException with a readable message otherwise.
     */
    public static KeepAlive parse(Object value) {
        throw new UnsupportedOperationException("router: to be written");
    }
}
