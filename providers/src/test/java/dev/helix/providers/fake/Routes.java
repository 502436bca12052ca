package dev.helix.providers.fake;

import dev.helix.providers.upstream.Dialect;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A fake's routes by {@code METHOD path}. */
final class Routes {

    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws IOException, InterruptedException;
    }

    /**
     * @param dialect    the API the route belongs to (its errors take that dialect's shape)
     * @param generation whether it generates (faults apply to it by default)
     */
    record Route(Dialect dialect, boolean generation, Handler handler) {
    }

    private final Map<String, Route> routes = new HashMap<>();
    private final Dialect home;

    /** @param home the dialect of routes that are not generation routes (for their error shape) */
    Routes(Dialect home) {
        this.home = home;
    }

    /** GET (and HEAD) {@code path}. */
    Routes get(String path, Handler handler) {
        routes.put("GET " + path, new Route(home, false, handler));
        routes.put("HEAD " + path, new Route(home, false, handler));
        return this;
    }

    /** A generation route: POST {@code path}. */
    Routes generate(String path, Dialect dialect, Handler handler) {
        routes.put("POST " + path, new Route(dialect, true, handler));
        return this;
    }

    Optional<Route> find(String method, String path) {
        return Optional.ofNullable(routes.get(method + " " + path));
    }
}
