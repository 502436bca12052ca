package dev.helix.providers.fake;

import java.io.IOException;

/**
 * Thrown out of a fake's handler to drop the connection where it stands: the JDK server closes the socket without
 * ending the body (no last chunk), so the client sees the stream break mid-way.
 */
final class ConnectionKilled extends IOException {
    ConnectionKilled(String why) {
        super(why);
    }
}
