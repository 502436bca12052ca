package dev.helix.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard at {@code /ui}: a page and its scripts, plain HTML, CSS and JavaScript served from the jar
 * ({@code helix-ui/} on the classpath), nothing from elsewhere. The page holds no data: it fetches everything from
 * the APIs with the key the user enters, so it is open even when the API needs a key.
 */
public final class UiRoutes {
    private static final String ROOT = "/helix-ui/";
    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    public void register(RoutesConfig routes) {
        routes.get("/ui", ctx -> serve(ctx, "index.html"));
        routes.get("/ui/", ctx -> serve(ctx, "index.html"));
        routes.get("/ui/{asset}", ctx -> serve(ctx, ctx.pathParam("asset")));
    }

    /** Whether a path is the page or one of its assets (open without the API key). */
    public static boolean isPage(String path) {
        return path.equals("/ui") || path.equals("/ui/")
                || path.startsWith("/ui/") && ASSET.matcher(path.substring(4)).matches();
    }

    private static void serve(Context ctx, String name) throws IOException {
        if (!ASSET.matcher(name).matches()) {
            throw new NotFoundResponse("no such dashboard file: " + name);
        }
        try (InputStream in = UiRoutes.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new NotFoundResponse("no such dashboard file: " + name);
            }
            ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            ctx.header("Cache-Control", "no-cache");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:");
            ctx.result(in.readAllBytes());
        }
    }
}
