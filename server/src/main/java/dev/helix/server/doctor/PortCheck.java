package dev.helix.server.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * Whether {@code helix serve} could listen where it is configured to: free is ok; held by a running Helix is ok too
 * (that Helix serves there); held by anything else is a fail, with the way to choose another port.
 */
public final class PortCheck {
    /** What answers at an address: a Helix's version, or empty when no Helix does. */
    @FunctionalInterface
    public interface HelixFinder {
        Optional<String> version(String host, int port);
    }

    private PortCheck() {}

    /** The check of host:port; {@code helix} asks whoever holds it whether it is a Helix. */
    public static Check of(String host, int port, HelixFinder helix) {
        String address = host + ":" + port;
        if (port == 0) {
            return Check.ok("port", address + " (any free port)");
        }
        try (var channel = ServerSocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port));
            return Check.ok("port", address + " is free");
        } catch (UnresolvedAddressException e) {
            return Check.fail("port", address + ": unknown host " + host, "set another host with --host or "
                    + "HELIX_HOST (or server.host in models.yaml)");
        } catch (IOException e) {
            Optional<String> version = helix.version(host, port);
            if (version.isPresent()) {
                return Check.ok("port", address + ": a Helix is serving there (" + version.get() + ")");
            }
            return Check.fail("port", address + " is taken by another program (" + e.getMessage() + ")",
                    "stop that program, or choose another port: helix serve --port N (or HELIX_PORT=N, or "
                            + "server.port in models.yaml)");
        }
    }
}
