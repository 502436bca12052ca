package dev.helix.protocol.anthropic;

/**
 * Anthropic's error body, {@code {"type":"error","error":{"type","message"}}}, as an answer and as a stream's
 * {@code error} event.
 *
 * @param error its {@code type} is invalid_request_error, authentication_error, permission_error, not_found_error,
 *              request_too_large, rate_limit_error, api_error or overloaded_error
 */
public record AnthropicError(String type, Error error) {

    public record Error(String type, String message) {}

    public static AnthropicError of(String type, String message) {
        return new AnthropicError("error", new Error(type, message));
    }
}
