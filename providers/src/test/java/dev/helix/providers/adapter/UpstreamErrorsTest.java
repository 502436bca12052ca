package dev.helix.providers.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.ProviderBusyException;
import dev.helix.provider.ProviderFailedException;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.providers.upstream.ServerProfiles;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one status → exception table, and the message read out of every error body shape. */
class UpstreamErrorsTest {
    private static final UpstreamEndpoint KOBOLD = UpstreamEndpoint.of("kobold", ServerProfiles.of(ServerKind.KOBOLDCPP),
            URI.create("http://127.0.0.1:5001"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"error\":{\"message\":\"bad\",\"type\":\"x\"}}|bad",
            "{\"error\":\"bad\"}|bad",
            "{\"object\":\"error\",\"message\":\"bad\",\"code\":40302}|bad",
            "{\"detail\":\"bad\"}|bad",
            "{\"detail\":{\"msg\":\"bad\",\"type\":\"server_error\"}}|bad",
            "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"bad\",\"type\":\"missing\"}]}|bad",
            "bad|bad",
            "''|(no body)"})
    void readsTheMessageOfEveryShape(String body, String message) {
        assertEquals(message, UpstreamErrors.message(body));
    }

    @Test
    void mapsStatusesByWhatTheRoutingCanDoAboutThem() {
        assertInstanceOf(InvalidRequestException.class, UpstreamErrors.of(KOBOLD, 422, "{}", Optional.empty(), "m"));
        assertInstanceOf(ModelNotFoundException.class, UpstreamErrors.of(KOBOLD, 404,
                "{\"error\":\"model \\\"m\\\" not found, try pulling it first\"}", Optional.empty(), "m"));
        var busy = assertInstanceOf(ProviderBusyException.class, UpstreamErrors.of(KOBOLD, 503,
                "{\"detail\":{\"msg\":\"Server is busy; please try again later.\",\"type\":\"service_unavailable\"}}",
                Optional.of("7"), "m"));
        assertEquals(Duration.ofSeconds(7), busy.retryAfter());
        assertTrue(busy.getMessage().startsWith("kobold answered 503: Server is busy"), busy.getMessage());
        assertInstanceOf(ProviderFailedException.class, UpstreamErrors.of(KOBOLD, 500, "", Optional.empty(), "m"));
    }
}
