package dev.helix.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web origins whose pages may call Helix from a browser, as Ollama allows them: pages served from the loopback
 * addresses (any port) and the app schemes of desktop and editor front-ends, plus what the user adds
 * ({@code HELIX_ORIGINS}, comma-separated, and {@code server.origins} in models.yaml). A pattern is an origin
 * ({@code https://chat.example.com}), may put {@code *} for the port or a leading host label
 * ({@code https://*.example.com}), or is {@code *} for every origin.
 */
public record AllowedOrigins(List<String> patterns) {
    /** Loopback pages (any port) and the schemes of Electron, Tauri and VS Code webviews, as Ollama allows. */
    public static final List<String> DEFAULTS = List.of("http://localhost", "https://localhost", "http://127.0.0.1",
            "https://127.0.0.1", "http://[::1]", "https://[::1]", "http://0.0.0.0", "app://*", "file://*",
            "tauri://*", "vscode-webview://*");

    public AllowedOrigins {
        patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty()).toList();
    }

    /** The defaults plus these. */
    public static AllowedOrigins withDefaults(List<String> extra) {
        var all = new ArrayList<>(DEFAULTS);
        all.addAll(extra);
        return new AllowedOrigins(all);
    }

    public boolean allows(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (matches(pattern, o)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String origin) {
        if (pattern.equals("*") || pattern.equals(origin)) {
            return true;
        }
        if (pattern.endsWith("://*")) {
            return origin.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        URI p;
        URI o;
        try {
            p = URI.create(pattern.replace("://*.", "://wildcard."));
            o = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (p.getScheme() == null || !p.getScheme().equals(o.getScheme()) || o.getHost() == null) {
            return false;
        }
        boolean hostMatches = pattern.contains("://*.")
                ? o.getHost().endsWith(p.getHost().substring("wildcard".length()))
                : o.getHost().equals(p.getHost());
        // An origin pattern without a port allows every port (loopback pages run on any).
        return hostMatches && (p.getPort() == -1 || p.getPort() == o.getPort());
    }
}
