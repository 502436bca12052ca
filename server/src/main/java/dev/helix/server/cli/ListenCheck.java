package dev.helix.server.cli;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;

/**
 * Whether {@code serve} can listen where it was asked to, found out by binding the address (as the HTTP server will,
 * with SO_REUSEADDR) and letting it go. Checked before anything starts: the failure is then the command's one line,
 * where the HTTP stack, failing to bind, would log its own error first, and there is nothing to stop again.
 */
final class ListenCheck {
    private ListenCheck() {}

    /** @throws CliException saying why the server cannot listen on host:port */
    static void require(String host, int port) {
        try (var channel = ServerSocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port));
        } catch (UnresolvedAddressException e) {
            throw new CliException("cannot listen on " + host + ":" + port + ": unknown host " + host);
        } catch (IOException e) {
            throw new CliException(problem(e, host, port));
        }
    }

    /** The one line for a failure to listen, the cause found in the exception's chain when it is a bind failure. */
    static String problem(Throwable failure, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                String why = t.getMessage() == null ? "cannot bind" : t.getMessage();
                return "cannot listen on " + host + ":" + port + ": " + why
                        + (why.contains("in use") ? " (is another server using it? choose another with --port)" : "");
            }
        }
        return "cannot start the server on " + host + ":" + port + ": " + failure.getMessage();
    }
}
