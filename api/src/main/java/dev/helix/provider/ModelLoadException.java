package dev.helix.provider;

/** The model exists but could not be loaded (bad file, bad options, out of memory); maps to 500 with the reason. */
public final class ModelLoadException extends ProviderException {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
