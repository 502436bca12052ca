package dev.helix.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code helix serve}'s output up to the line that says where it listens. */
final class ServeOutput {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    private ServeOutput() {}

    /** The port from the "listening on" line, or -1 if the output ended without one. */
    static int listeningPort(BufferedReader output) throws IOException {
        for (String line; (line = output.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }
}
