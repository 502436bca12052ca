package dev.helix.server.cli;

import dev.helix.server.ServerSettings;
import picocli.CommandLine.Option;

/** Where the server listens (serve) or is found (models, run): flag, then environment, then models.yaml, then default. */
final class AddressOptions {
    @Option(names = "--host", paramLabel = "HOST",
            description = "Interface to listen on / server to talk to (env HELIX_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port (env HELIX_PORT; default 11434, the port Ollama clients expect; 0 = any free port).")
    Integer port;

    String host(String fromConfig) {
        return first(host, System.getenv("HELIX_HOST"), fromConfig, ServerSettings.DEFAULT_HOST);
    }

    int port(Integer fromConfig) {
        if (port != null) {
            return port;
        }
        String env = System.getenv("HELIX_PORT");
        if (env != null && !env.isBlank()) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new CliException("HELIX_PORT must be a number, not \"" + env + "\"");
            }
        }
        return fromConfig != null ? fromConfig : ServerSettings.DEFAULT_PORT;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
