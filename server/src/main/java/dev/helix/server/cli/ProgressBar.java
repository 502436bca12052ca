package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.server.progress.Bar;
import dev.helix.server.progress.LiveLine;

/**
 * A pull's progress as a person reads it: on a terminal one line redrawn in place
 * ({@code downloading sha256:2af3b8…  45% ▕█████████           ▏ 12 MB/26 MB}); elsewhere (a log, a pipe) each
 * status once, so output stays short.
 */
final class ProgressBar {
    private final LiveLine line;
    private String lastStatus;

    ProgressBar(LiveLine line) {
        this.line = line;
    }

    /** One line of Ollama's pull stream. */
    void update(JsonNode update) {
        String status = update.path("status").asText("");
        long total = update.path("total").asLong(0);
        long completed = update.path("completed").asLong(0);
        if (total > 0 && line.terminal().attached()) {
            line.draw(bar(shorten(status), completed, total));
            return;
        }
        if (status.equals(lastStatus)) {
            return;
        }
        line.println(total > 0 ? shorten(status) + " " + Table.bytes(total) : status);
        lastStatus = status;
    }

    void finish() {
        line.keep();
    }

    static String bar(String label, long completed, long total) {
        return Bar.render(label, completed, total, Table.bytes(completed) + "/" + Table.bytes(total));
    }

    /** {@code downloading sha256:2af3b81862c6...} as {@code downloading 2af3b81862c6}. */
    private static String shorten(String status) {
        return status.replaceAll("sha256:([0-9a-f]{12})[0-9a-f]+", "$1");
    }
}
