package dev.helix.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code helix serve}'s output up to the line that says where it listens. */
final class ServeOutput {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    /**
     * What serve printed while starting.
     *
     * @param lines every line before the "listening on" one
     * @param port  the port from the "listening on" line, or -1 if the output ended without one
     */
    record StartUp(List<String> lines, int port) {}

    private ServeOutput() {}

    /** The port from the "listening on" line, or -1 if the output ended without one. */
    static int listeningPort(BufferedReader output) throws IOException {
        return startUp(output).port();
    }

    /** Reads up to and including the "listening on" line (or to the end of the output). */
    static StartUp startUp(BufferedReader output) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = output.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new StartUp(List.copyOf(lines), Integer.parseInt(m.group(1)));
            }
            lines.add(line);
        }
        return new StartUp(List.copyOf(lines), -1);
    }
}
