package dev.helix.server.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What progress looks like, with the clock moved by hand and a terminal of a chosen width: redrawn in place on a
 * terminal (cut to its width, erased when done), plain lines without a single {@code \r} elsewhere.
 */
class ProgressRenderingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ERASE = "\033[K";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    private String taken() {
        String s = bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        bytes.reset();
        return s;
    }

    @Test
    void aLiveLineIsRedrawnAndCutToTheWidthOnATerminalOnly() {
        var line = new LiveLine(out, new Terminal(true, 20));
        line.draw("downloading a very long name indeed");
        assertEquals("\rdownloading a very…" + ERASE, taken(), "19 columns: one is left for the cursor");
        line.clear();
        assertEquals("\r" + ERASE, taken());
        line.clear();
        assertEquals("", taken(), "nothing drawn, nothing to erase");
        line.draw("x");
        line.println("done");
        assertEquals("\rx" + ERASE + "\ndone\n", taken(), "a drawn line is kept above a plain one");

        var plain = new LiveLine(out, Terminal.NONE);
        plain.draw("never");
        plain.clear();
        plain.println("a line");
        assertEquals("a line\n", taken());
    }

    @Test
    void theSpinnerShowsTheLabelAndTheTimeElapsedAndIsErasedOnClose() {
        var line = new LiveLine(out, new Terminal(true, 80));
        var spinner = new Spinner(line, "loading tiny", clock::get);
        spinner.redraw();
        assertEquals("\r⠋ loading tiny 0.0s" + ERASE, taken());
        clock.addAndGet(1_250_000_000L);
        spinner.redraw();
        assertEquals("\r⠙ loading tiny 1.2s" + ERASE, taken());
        clock.addAndGet(61 * SECOND);
        spinner.redraw();
        assertEquals("\r⠹ loading tiny 62.2s" + ERASE, taken());
        spinner.close();
        assertEquals("\r" + ERASE, taken());
        spinner.close();
        assertEquals("", taken(), "closed once");
    }

    @Test
    void aSpinnerOffATerminalPrintsNothing() {
        try (var spinner = new Spinner(new LiveLine(out, Terminal.NONE), "loading tiny", clock::get).start()) {
            spinner.redraw();
        }
        assertEquals("", taken(), "the output is the answer alone");
    }

    @Test
    void requestsOnATerminalAsABarWithRateAndTimeLeft() {
        var progress = new CountProgress(new LiveLine(out, new Terminal(true, 100)), "four streams", 10, clock::get,
                Duration.ofSeconds(10));
        progress.done(0);
        assertEquals("\rfour streams   0% ▕                         ▏ 0/10  ETA ?" + ERASE, taken());
        clock.addAndGet(2 * SECOND);
        progress.done(4);
        assertEquals("\rfour streams  40% ▕██████████               ▏ 4/10  2.0/s  ETA 3s" + ERASE, taken());
        progress.done(3);
        assertEquals("", taken(), "a client that finished earlier but reports later: no step back");
        clock.addAndGet(3 * SECOND);
        progress.finish(10);
        assertEquals("\rfour streams 100% ▕█████████████████████████▏ 10/10  2.0/s  done in 5s" + ERASE + "\n",
                taken(), "the last state stays on screen");

        var narrow = new CountProgress(new LiveLine(out, new Terminal(true, 30)), "four streams", 10, clock::get,
                Duration.ofSeconds(10));
        narrow.done(1);
        String drawn = taken();
        assertEquals(29, drawn.codePointCount(0, drawn.length()) - 1 - ERASE.length(), drawn);
    }

    @Test
    void requestsOffATerminalAsAPlainLineAtMostEveryPeriod() {
        var progress = new CountProgress(new LiveLine(out, Terminal.NONE), "one stream", 100, clock::get,
                Duration.ofSeconds(10));
        clock.addAndGet(SECOND);
        progress.done(1);
        assertEquals("", taken(), "not before the period");
        clock.addAndGet(9 * SECOND);
        progress.done(20);
        assertEquals("one stream: 20/100 requests, 2.0/s, ETA 40s\n", taken());
        clock.addAndGet(5 * SECOND);
        progress.done(30);
        assertEquals("", taken());
        clock.addAndGet(35 * SECOND);
        progress.finish(100);
        String last = taken();
        assertEquals("one stream: 100/100 requests, 2.0/s, done in 50s\n", last);
        assertFalse(last.contains("\r"));
    }

    @Test
    void durations() {
        assertEquals("59s", CountProgress.duration(59));
        assertEquals("2m05s", CountProgress.duration(125));
        assertEquals("1h01m", CountProgress.duration(3660));
        assertTrue(Terminal.width("132") == 132 && Terminal.width(null) == 80 && Terminal.width("x") == 80);
    }
}
