package dev.helix.server;

/** The request lacks the configured API key, or carries another one; maps to 401. */
public final class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String message) {
        super(message);
    }
}
