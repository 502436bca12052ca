package dev.helix.server;

/** The server already holds as many requests as it is configured to (max_pending_requests); maps to 429. */
public final class QueueFullException extends RuntimeException {
    public QueueFullException(String message) {
        super(message);
    }
}
