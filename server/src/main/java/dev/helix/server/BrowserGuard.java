package dev.helix.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * What stops a web page the user happens to visit from driving Helix (browsers send its origin) and DNS rebinding
 * from reaching a loopback-only Helix under a foreign name (the Host header): a request with a foreign
 * {@code Origin}, or with a {@code Host} that is not a loopback name while Helix listens on loopback only, gets 403
 * before any work. Allowed origins get CORS: their preflights are answered and their answers carry
 * {@code Access-Control-Allow-Origin}. Requests without an Origin (every non-browser client) are not affected.
 */
final class BrowserGuard {
    private final AllowedOrigins origins;
    private final boolean loopbackOnly;

    BrowserGuard(AllowedOrigins origins, String host) {
        this.origins = origins;
        this.loopbackOnly = loopback(host);
    }

    void register(RoutesConfig routes) {
        routes.before(this::check);
    }

    private void check(Context ctx) {
        if (loopbackOnly && !loopbackName(ctx.header("Host"))) {
            throw new ForbiddenResponse("Host \"" + ctx.header("Host") + "\" is not this server's: Helix listens on "
                    + "loopback only and answers loopback names (localhost, 127.0.0.1, [::1])");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        if (!origins.allows(origin)) {
            throw new ForbiddenResponse("origin " + origin + " is not allowed; add it to HELIX_ORIGINS or "
                    + "server.origins in models.yaml");
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        if (ctx.method() == io.javalin.http.HandlerType.OPTIONS) {
            preflight(ctx);
            ctx.skipRemainingHandlers(); // answered here: no route answers OPTIONS
        }
    }

    private void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, HEAD, OPTIONS");
        String headers = ctx.header("Access-Control-Request-Headers");
        ctx.header("Access-Control-Allow-Headers", headers != null ? headers
                : "Authorization, Content-Type, X-Api-Key, X-Request-Id");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }

    private static boolean loopbackName(String host) {
        if (host == null) {
            return true; // HTTP/1.0 without Host: not a browser
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            name = name.substring(1, name.indexOf(']') > 0 ? name.indexOf(']') : name.length());
        } else if (name.lastIndexOf(':') > 0 && name.indexOf(':') == name.lastIndexOf(':')) {
            name = name.substring(0, name.lastIndexOf(':'));
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")
                || name.startsWith("127.");
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
