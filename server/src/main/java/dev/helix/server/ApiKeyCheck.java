package dev.helix.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The optional API key: when configured, every request but the liveness probes ({@code /}, {@code /health}) and the
 * dashboard's page and its scripts ({@code /ui}; they hold no data, and ask for the key to fetch any) must carry
 * {@code Authorization: Bearer <key>} (as the OpenAI and Ollama clients send it) or {@code x-api-key: <key>} (as
 * Anthropic's clients send it); the comparison takes the same time whatever the key.
 */
final class ApiKeyCheck {
    private static final Set<String> OPEN = Set.of("/", "/health");

    private final byte[] key;

    ApiKeyCheck(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    void check(Context ctx) {
        if (OPEN.contains(ctx.path()) || ctx.method() == io.javalin.http.HandlerType.OPTIONS
                || dev.helix.server.ui.UiRoutes.isPage(ctx.path())) {
            return; // a browser's CORS preflight carries no credentials by design
        }
        String header = ctx.header("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        String apiKey = ctx.header("x-api-key");
        if (bearer == null && apiKey == null) {
            throw new UnauthorizedException("an API key is required: send Authorization: Bearer <key> "
                    + "(or x-api-key: <key>)");
        }
        if (!matches(bearer) && !matches(apiKey)) {
            throw new UnauthorizedException("the API key is not valid");
        }
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.UTF_8), key);
    }
}
