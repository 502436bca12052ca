package dev.helix.server.cli;

import dev.helix.server.ServerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the server listens (serve) or is found (models, run): flag, then environment, then models.yaml, then default. */
final class AddressOptions {
    @Option(names = "--host", paramLabel = "HOST",
            description = "Interface to listen on / server to talk to (env HELIX_HOST; default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
            description = "Port (env HELIX_PORT; default 11434, the port Ollama clients expect; 0 = any free port).")
    Integer port;

    /** A port on the command line out of range is a usage error (exit 2), like any flag value that cannot be. */
    static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
            }
            if (!valid(port)) {
                throw new CommandLine.TypeConversionException(port + " is not a port number (0 to 65535)");
            }
            return port;
        }
    }

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
                return checked(Integer.parseInt(env.trim()), "HELIX_PORT");
            } catch (NumberFormatException e) {
                throw new CliException("HELIX_PORT must be a number, not \"" + env + "\"");
            }
        }
        return fromConfig != null ? checked(fromConfig, "models.yaml server.port") : ServerSettings.DEFAULT_PORT;
    }

    private static int checked(int port, String where) {
        if (!valid(port)) {
            throw new CliException(where + " must be a port number (0 to 65535), not " + port);
        }
        return port;
    }

    private static boolean valid(int port) {
        return port >= 0 && port <= 65535;
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
