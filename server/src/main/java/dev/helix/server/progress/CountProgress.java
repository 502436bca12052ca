package dev.helix.server.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress through a known number of requests (a benchmark run): on a terminal a bar redrawn in place with the count,
 * the rate and the time left ({@code four streams  45% ▕███████████          ▏ 45/100  3.2/s  ETA 17s}); elsewhere a
 * plain line at most every {@code every} ({@code four streams: 45/100 requests, 3.2/s, ETA 17s}) and one at the end.
 * Thread-safe: the clients of a run report to it as they finish.
 */
public final class CountProgress {
    private final LiveLine line;
    private final String label;
    private final int total;
    private final LongSupplier clock;
    private final long every;
    private final long started;
    private long lastPlain;
    private int lastShown = -1;
    private int highest = -1;

    /** @param clock nanoseconds ({@link System#nanoTime()}; tests move one by hand) */
    public CountProgress(LiveLine line, String label, int total, LongSupplier clock, Duration every) {
        this.line = line;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.every = every.toNanos();
        this.started = clock.getAsLong();
        this.lastPlain = started;
    }

    /** On standard output, redrawn on a terminal, a plain line every 10 s elsewhere. */
    public static CountProgress onConsole(String label, int total) {
        return new CountProgress(new LiveLine(System.out, Terminal.detect()), label, total, System::nanoTime,
                Duration.ofSeconds(10));
    }

    /** {@code completed} of the total are done. */
    public synchronized void done(int completed) {
        if (completed <= highest) {
            return; // clients report as they finish, and a later count may come first: never draw a step back
        }
        highest = completed;
        long now = clock.getAsLong();
        if (line.terminal().attached()) {
            line.draw(Bar.render(label, completed, total, counts(completed, now, "  ")));
        } else if (now - lastPlain >= every && completed != lastShown) {
            line.println(plain(completed, now));
            lastPlain = now;
            lastShown = completed;
        }
    }

    /** The last state stays on screen (a terminal) or is printed (elsewhere, unless it just was). */
    public synchronized void finish(int completed) {
        long now = clock.getAsLong();
        if (line.terminal().attached()) {
            line.draw(Bar.render(label, completed, total, counts(completed, now, "  ")));
            line.keep();
        } else if (completed != lastShown) {
            line.println(plain(completed, now));
            lastShown = completed;
        }
    }

    private String plain(int completed, long now) {
        return label + ": " + counts(completed, now, " requests, ").replaceFirst("  ", ", ");
    }

    /** {@code 45/100  3.2/s  ETA 17s}, the first gap as given. */
    private String counts(int completed, long now, String gap) {
        double seconds = (now - started) / 1e9;
        String count = completed + "/" + total;
        if (completed <= 0 || seconds <= 0) {
            return count + gap + "ETA ?";
        }
        double rate = completed / seconds;
        long left = Math.round((total - completed) / rate);
        return count + gap + String.format(Locale.ROOT, "%.1f/s", rate) + "  "
                + (completed >= total ? "done in " + duration(Math.round(seconds)) : "ETA " + duration(left));
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + "s" : seconds < 3600 ? seconds / 60 + "m" + String.format("%02d", seconds % 60)
                + "s" : seconds / 3600 + "h" + String.format("%02d", seconds / 60 % 60) + "m";
    }
}
