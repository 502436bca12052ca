package dev.helix.router.upstream;

import java.util.List;

/**
 * One backend as {@code GET /helix/providers} and {@code helix providers} show it.
 *
 * @param kind         the server's kind ({@code vllm}, {@code ollama}, ...; {@code helix-local} for Helix's own models)
 * @param endpoint     its base URL (empty for the local models)
 * @param source       {@code configured}, {@code discovered} or {@code local}
 * @param health       UP, DOWN, LOADING or UNKNOWN, from the last probe
 * @param healthDetail why, from the last probe
 * @param breaker      CLOSED, OPEN or HALF_OPEN
 * @param latencyMillis the moving average of its time to first token (0 before its first request)
 */
public record BackendStatus(String id, String kind, String endpoint, String source, String health,
                            String healthDetail, String breaker, int consecutiveFailures, int inFlight,
                            double latencyMillis, int priority, int weight, List<String> models) {
    public BackendStatus {
        models = List.copyOf(models);
    }
}
