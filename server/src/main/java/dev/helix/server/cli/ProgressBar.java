package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * A pull's progress as a person reads it: on a terminal one line redrawn in place
 * ({@code downloading sha256:2af3b8…  45% ▕█████████           ▏ 12 MB/26 MB}); elsewhere (a log, a pipe) each
 * status once, so output stays short.
 */
final class ProgressBar {
    private static final int WIDTH = 25;

    private final PrintStream out;
    private final boolean terminal;
    private String lastStatus;
    private boolean drawing;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** One line of Ollama's pull stream. */
    void update(JsonNode line) {
        String status = line.path("status").asText("");
        long total = line.path("total").asLong(0);
        long completed = line.path("completed").asLong(0);
        if (total > 0 && terminal) {
            out.print("\r" + bar(shorten(status), completed, total));
            out.flush();
            drawing = true;
            return;
        }
        if (status.equals(lastStatus)) {
            return;
        }
        if (drawing) {
            out.println();
            drawing = false;
        }
        out.println(total > 0 ? shorten(status) + " " + Table.bytes(total) : status);
        lastStatus = status;
    }

    void finish() {
        if (drawing) {
            out.println();
            drawing = false;
        }
    }

    static String bar(String label, long completed, long total) {
        int percent = (int) Math.min(100, completed * 100 / Math.max(1, total));
        int filled = percent * WIDTH / 100;
        return String.format("%s %3d%% ▕%s%s▏ %s/%s", label, percent, "█".repeat(filled), " ".repeat(WIDTH - filled),
                Table.bytes(completed), Table.bytes(total));
    }

    /** {@code downloading sha256:2af3b81862c6...} as {@code downloading 2af3b81862c6}. */
    private static String shorten(String status) {
        return status.replaceAll("sha256:([0-9a-f]{12})[0-9a-f]+", "$1");
    }
}
