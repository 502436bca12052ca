package dev.helix.provider;

/**
 * The backend failed while serving (a runner process died, a connection broke, an internal error); maps to
 * 500. Retriable: the next request restarts what failed.
 */
public final class ProviderFailedException extends ProviderException {
    public ProviderFailedException(String message) {
        super(message, null);
    }

    public ProviderFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
