package dev.helix.server.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finished request, as the request log writes it (one JSON line) and the dashboard lists it.
 *
 * @param api         {@code openai}, {@code ollama}, {@code helix} or {@code other}
 * @param endpoint    the route that answered ({@code /v1/chat/completions}), or {@code unmatched}
 * @param model       the model that served it; empty when none did (refused, unknown)
 * @param backend     {@code local} for Helix's own models, else the external backend's id
 * @param ttftSeconds time from the request's arrival to its first output, null when there was none
 * @param waitSeconds time spent waiting for the model to load or for a place
 * @param error       the error message of a failed request, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinishedRequest(String time, String requestId, String method, String path, String api, String endpoint,
                              String model, String backend, int status, int tokensIn, int tokensOut,
                              Double ttftSeconds, double waitSeconds, double durationSeconds, String error) {
    public boolean failed() {
        return status >= 400;
    }
}
