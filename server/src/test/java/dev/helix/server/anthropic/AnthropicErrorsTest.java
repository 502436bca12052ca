package dev.helix.server.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.server.ApiFailure;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each failure's status and error type on the Messages API, as Anthropic's clients read them. */
class AnthropicErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "400, 400, invalid_request_error",
            "401, 401, authentication_error",
            "403, 403, permission_error",
            "404, 404, not_found_error",
            "405, 405, invalid_request_error",
            "413, 413, request_too_large",
            "429, 429, rate_limit_error",
            "500, 500, api_error",
            "501, 501, api_error",
            "503, 529, overloaded_error"})
    void eachStatusHasAnthropicsTypeAndStatus(int helix, int anthropic, String type) {
        var answer = AnthropicErrors.of(new ApiFailure(helix, "m", "x", null, null, null));
        assertEquals(anthropic, answer.status());
        assertEquals("error", answer.body().type());
        assertEquals(type, answer.body().error().type());
        assertEquals("m", answer.body().error().message());
    }

    @org.junit.jupiter.api.Test
    void theRuntimesExceptionsMapThroughTheOneTable() {
        assertEquals("not_found_error", type(new ModelNotFoundException("x")));
        assertEquals("overloaded_error", type(new ProviderBusyException("busy", Duration.ofSeconds(1))));
        assertEquals("api_error", type(new ProviderFailedException("crashed")));
        var invalid = AnthropicErrors.of(ApiFailure.of(new InvalidRequestException("must be at least 1", "max_tokens")));
        assertEquals("max_tokens: must be at least 1", invalid.body().error().message(), "the field is named");
    }

    private static String type(RuntimeException e) {
        return AnthropicErrors.of(ApiFailure.of(e)).body().error().type();
    }
}
