package dev.helix.provider;

/** The request cannot be served as given (bad value, unsupported feature); maps to 400. */
public final class InvalidRequestException extends ProviderException {
    private final String param;

    public InvalidRequestException(String message) {
        this(message, null);
    }

    public InvalidRequestException(String message, String param) {
        super(message, null);
        this.param = param;
    }

    /** The request field at fault, if known. */
    public String param() {
        return param;
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
