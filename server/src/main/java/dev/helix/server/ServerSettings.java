package dev.helix.server;

/**
 * Where and how the HTTP server listens.
 *
 * @param host               interface to bind; 127.0.0.1 by default, as Ollama does
 * @param port               0 picks a free port
 * @param maxRequestBytes    larger request bodies get 413
 * @param apiKey             when set, every API request must carry {@code Authorization: Bearer <key>} (401 otherwise);
 *                           {@code /} and {@code /health} stay open; null = no key
 * @param maxPendingRequests generation and embedding requests the server holds at once, running or waiting for a
 *                           model or a slot; one more gets 429 with Retry-After at once. 0 = no bound: a request
 *                           waits up to the queue timeout, then gets 503 with Retry-After
 * @param origins            the web origins whose pages may call Helix ({@link AllowedOrigins})
 * @param connections        read timeouts and the bound on open connections ({@link ConnectionLimits})
 */
public record ServerSettings(String host, int port, long maxRequestBytes, String apiKey, int maxPendingRequests,
                             AllowedOrigins origins, ConnectionLimits connections) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 11434;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L << 20;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], not " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("max request size must be at least 1024 bytes");
        }
        if (maxPendingRequests < 0) {
            throw new IllegalArgumentException("max pending requests must be >= 0 (0 = no bound)");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        origins = origins == null ? AllowedOrigins.withDefaults(java.util.List.of()) : origins;
        connections = connections == null ? ConnectionLimits.DEFAULTS : connections;
    }

    public ServerSettings(String host, int port, long maxRequestBytes, String apiKey, int maxPendingRequests,
                          AllowedOrigins origins) {
        this(host, port, maxRequestBytes, apiKey, maxPendingRequests, origins, null);
    }

    public ServerSettings(String host, int port, long maxRequestBytes, String apiKey, int maxPendingRequests) {
        this(host, port, maxRequestBytes, apiKey, maxPendingRequests, null);
    }

    public ServerSettings(String host, int port, long maxRequestBytes) {
        this(host, port, maxRequestBytes, null, 0);
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(host, value, maxRequestBytes, apiKey, maxPendingRequests, origins, connections);
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(value, port, maxRequestBytes, apiKey, maxPendingRequests, origins, connections);
    }

    public ServerSettings withApiKey(String value) {
        return new ServerSettings(host, port, maxRequestBytes, value, maxPendingRequests, origins, connections);
    }

    public ServerSettings withMaxPendingRequests(int value) {
        return new ServerSettings(host, port, maxRequestBytes, apiKey, value, origins, connections);
    }

    public ServerSettings withOrigins(AllowedOrigins value) {
        return new ServerSettings(host, port, maxRequestBytes, apiKey, maxPendingRequests, value, connections);
    }

    public ServerSettings withConnections(ConnectionLimits value) {
        return new ServerSettings(host, port, maxRequestBytes, apiKey, maxPendingRequests, origins, value);
    }
}
