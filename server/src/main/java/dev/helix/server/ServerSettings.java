package dev.helix.server;

/**
 * Where and how the HTTP server listens.
 *
 * @param host            interface to bind; 127.0.0.1 by default, as Ollama does
 * @param port            0 picks a free port
 * @param maxRequestBytes larger request bodies get 413
 */
public record ServerSettings(String host, int port, long maxRequestBytes) {
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
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BYTES);
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(host, value, maxRequestBytes);
    }

    public ServerSettings withHost(String value) {
        return new ServerSettings(value, port, maxRequestBytes);
    }
}
