package dev.helix.server.anthropic;

import dev.helix.protocol.anthropic.AnthropicError;
import dev.helix.server.ApiFailure;

/**
 * The one table from Helix's failures to Anthropic's errors: the status Anthropic uses for each error type and the
 * body {@code {"type":"error","error":{"type","message"}}}. A busy server is Anthropic's 529 overloaded_error (its
 * clients retry it, after {@code Retry-After}); every other status stays as {@link ApiFailure#of} chose it.
 */
public final class AnthropicErrors {
    /** Anthropic's status for an overloaded API. */
    static final int OVERLOADED = 529;

    private AnthropicErrors() {}

    /** A failure as Anthropic reports it. */
    public record Answer(int status, AnthropicError body) {}

    public static Answer of(ApiFailure failure) {
        int status = failure.status() == 503 ? OVERLOADED : failure.status();
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case OVERLOADED -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        String message = failure.param() != null && !failure.message().contains(failure.param())
                ? failure.param() + ": " + failure.message() : failure.message();
        return new Answer(status, AnthropicError.of(type, message));
    }
}
