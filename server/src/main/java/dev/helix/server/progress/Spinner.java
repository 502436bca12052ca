package dev.helix.server.progress;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Work whose progress nobody reports, such as a model load (llama.cpp's load progress does not reach Helix through
 * the binding): on a terminal a spinner with the label and the time elapsed ({@code ⠹ loading tiny 1.4s}), redrawn
 * ten times a second until closed, when the line is erased so that what comes next takes its place. Elsewhere it
 * draws nothing. Elapsed time is honest; a percentage would be made up.
 */
public final class Spinner implements AutoCloseable {
    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final LiveLine line;
    private final String label;
    private final LongSupplier clock;
    private final long started;
    private int frame;
    private volatile boolean closed;
    private Thread thread;

    /** @param clock nanoseconds ({@link System#nanoTime()}; tests move one by hand) */
    public Spinner(LiveLine line, String label, LongSupplier clock) {
        this.line = line;
        this.label = label;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** Starts redrawing on a terminal (a virtual thread); nothing elsewhere. */
    public Spinner start() {
        if (line.terminal().attached()) {
            redraw();
            thread = Thread.ofVirtual().name("helix-spinner").start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(PERIOD);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!closed) {
                        redraw();
                    }
                }
            });
        }
        return this;
    }

    /** Draws the next frame. */
    public synchronized void redraw() {
        line.draw(text());
    }

    /** {@code ⠙ loading tiny 1.4s}: the frame moves on at every call. */
    synchronized String text() {
        char c = FRAMES.charAt(frame++ % FRAMES.length());
        long tenths = (clock.getAsLong() - started) / 100_000_000;
        return c + " " + label + " " + tenths / 10 + "." + tenths % 10 + "s";
    }

    /** Stops and erases the line. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        line.clear();
    }
}
