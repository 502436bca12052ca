package dev.helix.router.pull;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Network failures as the one line a person reads: offline, blocked or timing out, never a stack trace. */
final class Network {
    private Network() {}

    static PullException unreachable(URI uri, Throwable e) {
        return unreachable(uri, e, "HF_ENDPOINT");
    }

    /** @param mirrorVariable the environment variable that names a mirror of the source */
    static PullException unreachable(URI uri, Throwable e, String mirrorVariable) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException || t instanceof HttpTimeoutException) {
                break; // the most telling one; a ClosedChannelException often hides under a refused connection
            }
        }
        String why = switch (root) {
            case UnknownHostException u -> "its name does not resolve";
            case UnresolvedAddressException u -> "its name does not resolve";
            case ConnectException c -> "the connection was refused";
            case HttpConnectTimeoutException t -> "the connection timed out";
            case HttpTimeoutException t -> "it stopped answering";
            default -> root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        };
        return new PullException(502, "cannot reach " + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + " (" + why + "): offline, or the network blocks it; set " + mirrorVariable + " to use a mirror",
                e);
    }
}
