package dev.helix.provider;

/** The request cannot be served as given (bad value, unsupported feature); maps to 400. */
public final class InvalidRequestException extends ProviderException {
    /** {@link #code()} of a request whose text is longer than the model takes (OpenAI's code for it). */
    public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";

    private final String param;
    private final String code;

    public InvalidRequestException(String message) {
        this(message, null);
    }

    public InvalidRequestException(String message, String param) {
        this(message, param, null);
    }

    public InvalidRequestException(String message, String param, String code) {
        super(message, null);
        this.param = param;
        this.code = code;
    }

    /** The request field at fault, if known. */
    public String param() {
        return param;
    }

    /** A machine-readable reason such as {@link #CONTEXT_LENGTH_EXCEEDED}, or null. */
    public String code() {
        return code;
    }

    @Override
    public boolean retriable() {
        return false;
    }
}
