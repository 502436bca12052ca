package dev.helix.server;

/** An endpoint Helix knows but does not implement yet (Ollama's pull, push, create, blobs); maps to 501. */
public final class NotSupportedException extends RuntimeException {
    public NotSupportedException(String message) {
        super(message);
    }
}
