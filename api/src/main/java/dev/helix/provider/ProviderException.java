package dev.helix.provider;

/**
 * The errors a provider raises, split by what the caller can do about them. Each API maps these to its own
 * error shape in one place.
 */
public abstract sealed class ProviderException extends RuntimeException
        permits InvalidRequestException, ModelNotFoundException, ModelLoadException, ProviderFailedException,
                ProviderBusyException {

    protected ProviderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same request may succeed if tried again (on this or another backend). */
    public abstract boolean retriable();
}
