package dev.helix.server;

import java.time.Duration;

/**
 * What one client connection may hold: a client that sends its headers or its body slowly, or stops halfway, is cut
 * when its time is up (it never reaches a model, so it holds no generation slot); and at most so many connections are
 * open at once (more wait in the operating system's accept queue).
 *
 * @param headerTimeout  from a connection's opening, or the end of its previous answer, until a request's headers have
 *                       all arrived; also how long an idle kept-alive connection stays open
 * @param bodyTimeout    from a request's headers until its whole body has arrived
 * @param maxConnections client connections open at once
 */
public record ConnectionLimits(Duration headerTimeout, Duration bodyTimeout, int maxConnections) {
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(30), Duration.ofSeconds(60),
            512);

    public ConnectionLimits {
        if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("header read timeout must be positive");
        }
        if (bodyTimeout == null || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("body read timeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, not " + maxConnections);
        }
    }

    public ConnectionLimits withHeaderTimeout(Duration value) {
        return new ConnectionLimits(value, bodyTimeout, maxConnections);
    }

    public ConnectionLimits withBodyTimeout(Duration value) {
        return new ConnectionLimits(headerTimeout, value, maxConnections);
    }

    public ConnectionLimits withMaxConnections(int value) {
        return new ConnectionLimits(headerTimeout, bodyTimeout, value);
    }
}
