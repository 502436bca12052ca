package dev.helix.server.cli;

/**
 * How the JVM tells a virtual thread that its socket is ready, chosen before the first one waits. By default (JDK 22
 * and later, on Linux) the pollers are virtual threads themselves: a ready socket wakes a master poller thread, which
 * schedules a poller on a carrier, which schedules the waiting thread, where one system poller thread (mode 1)
 * schedules the waiting thread directly. Helix relays a streamed answer token by token, one socket wait per token,
 * so the hand-over per wait is what a token costs it: measured with a fake upstream sending a token every 1.4 ms, a
 * Helix in front of it used 152 µs of CPU per relayed token with the default and 115 µs with mode 1 (three runs of
 * each, 2026-12-01). {@code jdk.pollerMode} is the JDK's own switch, read once; it is set only on the release known
 * to have the mode (a later one may drop it), and never over a value the user gave.
 */
final class PollerMode {
    static final String PROPERTY = "jdk.pollerMode";
    /** The release whose {@code sun.nio.ch.Poller} was read for this: it has mode 1, SYSTEM_THREADS. */
    private static final int KNOWN = 25;

    private PollerMode() {
    }

    static void choose() {
        int feature = Runtime.version().feature();
        if (feature == KNOWN && System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "1");
        }
    }
}
