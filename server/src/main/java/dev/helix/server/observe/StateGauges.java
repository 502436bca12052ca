package dev.helix.server.observe;

import dev.helix.router.LoadedModel;
import dev.helix.router.ModelRouter;
import dev.helix.router.upstream.BackendStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The gauges read from the router at scrape time, so nothing on a request's path keeps them: requests held, models
 * available and loaded with their size, backends' health, breaker state, requests in flight and latency. Before the
 * router has started they report nothing.
 */
final class StateGauges {
    private static final List<String> BREAKER_STATES = List.of("CLOSED", "OPEN", "HALF_OPEN");

    private StateGauges() {
    }

    static void register(PrometheusRegistry registry, Supplier<Optional<ModelRouter>> router, IntSupplier pending) {
        GaugeWithCallback.builder().name("helix_requests_pending")
                .help("Generation and embedding requests held now, running or waiting for a model or a slot")
                .callback(cb -> cb.call(pending.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("helix_models_available").help("Models Helix can serve from its catalog")
                .callback(cb -> router.get().ifPresent(r -> cb.call(r.catalog().available().size())))
                .register(registry);
        GaugeWithCallback.builder().name("helix_models_loaded").help("Models loaded now")
                .callback(cb -> router.get().ifPresent(r -> cb.call(r.loaded().size()))).register(registry);
        GaugeWithCallback.builder().name("helix_model_loaded_bytes")
                .help("Size of each loaded model's weights (its GGUF file), which its runner holds in memory")
                .labelNames("model").callback(cb -> router.get().ifPresent(r -> {
                    for (LoadedModel m : r.loaded()) {
                        cb.call(m.entry().path().toFile().length(), m.entry().id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("helix_model_active_requests").help("Requests each loaded model serves now")
                .labelNames("model").callback(cb -> router.get().ifPresent(r -> {
                    for (LoadedModel m : r.loaded()) {
                        cb.call(m.activeRequests(), m.entry().id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("helix_backend_up")
                .help("1 when a backend's last health probe found it up, else 0").labelNames("backend")
                .callback(cb -> backends(router).forEach(b -> cb.call("UP".equals(b.health()) ? 1 : 0, b.id())))
                .register(registry);
        GaugeWithCallback.builder().name("helix_backend_breaker_state")
                .help("1 for the state each backend's circuit breaker is in").labelNames("backend", "state")
                .callback(cb -> backends(router).forEach(b -> BREAKER_STATES.forEach(state ->
                        cb.call(state.equals(b.breaker()) ? 1 : 0, b.id(), state)))).register(registry);
        GaugeWithCallback.builder().name("helix_backend_in_flight").help("Requests each backend serves now")
                .labelNames("backend").callback(cb -> backends(router).forEach(b -> cb.call(b.inFlight(), b.id())))
                .register(registry);
        GaugeWithCallback.builder().name("helix_backend_latency_seconds")
                .help("Moving average of each backend's time to first token").labelNames("backend")
                .callback(cb -> backends(router).forEach(b -> cb.call(b.latencyMillis() / 1000, b.id())))
                .register(registry);
    }

    private static List<BackendStatus> backends(Supplier<Optional<ModelRouter>> router) {
        return router.get().map(ModelRouter::backends).orElse(List.of());
    }
}
