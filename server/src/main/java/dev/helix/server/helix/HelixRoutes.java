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
    /** Reads the configuration again ({@code POST /helix/reload}); null when the server has none to read. */
    private volatile java.util.function.Supplier<dev.helix.server.reload.ConfigReloader.Result> reload;

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
        routes.post("/helix/reload", this::reload);
        managed.register(routes);
    }

    /** What {@code POST /helix/reload} runs from now on. */
    public void reloadWith(java.util.function.Supplier<dev.helix.server.reload.ConfigReloader.Result> reloader) {
        this.reload = reloader;
    }

    /** The body of {@code POST /helix/reload}: 200 when applied, 422 with every problem when rejected. */
    public record Reloaded(boolean applied, List<String> problems, List<String> unloaded, String error) {}

    private void reload(Context ctx) {
        var reloader = reload;
        if (reloader == null) {
            throw new dev.helix.server.NotSupportedException("this server has no configuration file to reload");
        }
        var result = reloader.get();
        ctx.status(result.applied() ? 200 : 422);
        ctx.json(new Reloaded(result.applied(), result.problems(), result.unloaded(), result.applied() ? null
                : "configuration not reloaded, the one in force stays: " + String.join("; ", result.problems())));
    }

    private void providers(Context ctx) {
        ctx.json(new Providers(models.router().backends(), managed.statuses()));
    }
}
