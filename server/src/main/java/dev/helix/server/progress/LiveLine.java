package dev.helix.server.progress;

import java.io.PrintStream;

/**
 * One line of output redrawn in place on a terminal ({@code \r}, the text cut to the width, then erase to the end of
 * the line), or, elsewhere, plain lines only: nothing is ever redrawn where a {@code \r} would be written to a file.
 * Thread-safe: a spinner's thread and the command's may both use it.
 */
public final class LiveLine {
    private static final String ERASE_TO_END = "\033[K";

    private final PrintStream out;
    private final Terminal terminal;
    private boolean drawn;

    public LiveLine(PrintStream out, Terminal terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** On a terminal, replaces the line with {@code text}; elsewhere does nothing (see {@link #println}). */
    public synchronized void draw(String text) {
        if (!terminal.attached()) {
            return;
        }
        out.print("\r" + fit(text, terminal.width() - 1) + ERASE_TO_END);
        out.flush();
        drawn = true;
    }

    /** Erases a drawn line, leaving the cursor at its start, so what is printed next takes its place. */
    public synchronized void clear() {
        if (drawn) {
            out.print("\r" + ERASE_TO_END);
            out.flush();
            drawn = false;
        }
    }

    /** Ends a drawn line where it is (its last state stays on screen). */
    public synchronized void keep() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }

    /** A plain line, below a drawn one that is kept. */
    public synchronized void println(String text) {
        keep();
        out.println(text);
        out.flush();
    }

    /** At most {@code width} characters (code points), so a line never wraps. */
    static String fit(String text, int width) {
        return text.codePointCount(0, text.length()) <= width ? text
                : text.substring(0, text.offsetByCodePoints(0, Math.max(0, width - 1))) + "…";
    }
}
