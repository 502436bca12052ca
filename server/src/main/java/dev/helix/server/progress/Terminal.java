package dev.helix.server.progress;

import java.io.Console;

/**
 * Whether output goes to a person's terminal (so a line may be redrawn in place) and how wide it is. Tests pass one;
 * commands ask {@link #detect()}.
 *
 * @param attached true on a terminal: progress is redrawn in place; false (a pipe, a file, a log): plain lines only
 * @param width    columns; a redrawn line is cut to fit, so it never wraps (a wrapped line cannot be redrawn)
 */
public record Terminal(boolean attached, int width) {
    public static final Terminal NONE = new Terminal(false, 80);
    private static final int DEFAULT_WIDTH = 80;

    public Terminal {
        if (width < 10) {
            throw new IllegalArgumentException("a terminal of " + width + " columns is too narrow");
        }
    }

    /**
     * This process's terminal: {@link System#console()} is there only when standard input or output may be a terminal,
     * and {@link Console#isTerminal()} says whether they are (a console may also stand for a pipe since JDK 22); the
     * width from {@code COLUMNS}, else 80.
     */
    public static Terminal detect() {
        Console console = System.console();
        return new Terminal(console != null && console.isTerminal(), width(System.getenv("COLUMNS")));
    }

    static int width(String columns) {
        try {
            int n = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.strip());
            return n >= 10 ? n : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }
}
