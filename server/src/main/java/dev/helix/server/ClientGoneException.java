package dev.helix.server;

/** The client closed the connection while a response was being streamed to it; the generation must stop. */
public final class ClientGoneException extends RuntimeException {
    public ClientGoneException(Throwable cause) {
        super("the client went away", cause);
    }
}
