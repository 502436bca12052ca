package dev.helix.server.helix;

import dev.helix.providers.managed.ManagedStatus;
import dev.helix.router.upstream.BackendStatus;
import dev.helix.server.ModelAccess;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Helix's own endpoints under {@code /helix}: {@code GET /helix/providers} lists every backend (Helix's own models
 * and each external server) with its kind, endpoint, health, breaker state, models, requests in flight and latency,
 * and the providers Helix runs itself ({@link ManagedRoutes} steers them).
 */
public final class HelixRoutes {
    private final ModelAccess models;
    private final ManagedRoutes managed;

    public HelixRoutes(ModelAccess models) {
        this.models = models;
        this.managed = new ManagedRoutes(models);
    }

    /**
     * The body of {@code GET /helix/providers}.
     *
     * @param managed the providers Helix runs itself: state, pid, port, restarts, last error, log file
     */
    public record Providers(List<BackendStatus> providers, List<ManagedStatus> managed) {}

    public void register(RoutesConfig routes) {
        routes.get("/helix/providers", this::providers);
        managed.register(routes);
    }

    private void providers(Context ctx) {
        ctx.json(new Providers(models.router().backends(), managed.statuses()));
    }
}
