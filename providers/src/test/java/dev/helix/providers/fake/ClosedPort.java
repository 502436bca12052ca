package dev.helix.providers.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/** A loopback address where nothing listens: connections to it are refused. */
public final class ClosedPort {
    private ClosedPort() {
    }

    /** A port that was free a moment ago, now closed again (the OS hands ephemeral ports out in turn). */
    public static int port() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<closed port>/}. */
    public static URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }
}
