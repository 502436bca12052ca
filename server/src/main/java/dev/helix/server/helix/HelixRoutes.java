package dev.helix.server.helix;

import dev.helix.router.upstream.BackendStatus;
import dev.helix.server.ModelAccess;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Helix's own endpoints under {@code /helix}: {@code GET /helix/providers} lists every backend (Helix's own models
 * and each external server) with its kind, endpoint, health, breaker state, models, requests in flight and latency.
 */
public final class HelixRoutes {
    private final ModelAccess models;

    public HelixRoutes(ModelAccess models) {
        this.models = models;
    }

    /** The body of {@code GET /helix/providers}. */
    public record Providers(List<BackendStatus> providers) {}

    public void register(RoutesConfig routes) {
        routes.get("/helix/providers", this::providers);
    }

    private void providers(Context ctx) {
        ctx.json(new Providers(models.router().backends()));
    }
}
