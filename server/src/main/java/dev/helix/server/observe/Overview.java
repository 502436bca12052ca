package dev.helix.server.observe;

import dev.helix.provider.ModelInfo;
import dev.helix.router.LoadedModel;
import dev.helix.router.ModelRouter;
import dev.helix.router.upstream.BackendStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /helix/overview}, the dashboard's first page: the server, every model (loaded or not, with
 * size and expiry), the last failed loads and every backend with its health, breaker and latency.
 */
public record Overview(String version, String startedAt, long uptimeSeconds, int pendingRequests,
                       List<Model> models, List<Failure> failures, List<BackendStatus> providers) {

    /** A model as the overview lists it; {@code loaded*} and {@code expiresAt} only while loaded. */
    public record Model(String name, String origin, long sizeBytes, String family, String parameterSize,
                        String quantization, long contextLength, List<String> capabilities, boolean loaded,
                        String loadedAt, String expiresAt, int activeRequests) {}

    /** A model's last failed load. */
    public record Failure(String model, String message, String at) {}

    static Overview of(ModelRouter router, String version, Instant startedAt, int pending) {
        Map<String, LoadedModel> loaded = new HashMap<>();
        for (LoadedModel m : router.loaded()) {
            loaded.put(m.entry().id(), m);
        }
        var models = new ArrayList<Model>();
        for (ModelInfo info : router.models()) {
            LoadedModel l = loaded.get(info.name());
            models.add(new Model(info.name(), info.origin(), info.sizeBytes(), info.family(), info.parameterSize(),
                    info.quantization(), info.contextLength(),
                    info.capabilities().stream().map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).sorted()
                            .toList(), l != null, l == null ? null : String.valueOf(l.loadedAt()),
                    l == null || l.expiresAt() == null ? null : l.expiresAt().toString(),
                    l == null ? 0 : l.activeRequests()));
        }
        return new Overview(version, startedAt.toString(), Duration.between(startedAt, Instant.now()).toSeconds(),
                pending, models, router.failures().values().stream()
                .map(f -> new Failure(f.model(), f.message(), String.valueOf(f.at()))).toList(), router.backends());
    }
}
