package dev.helix.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import dev.helix.server.progress.CountProgress;
import dev.helix.server.progress.LiveLine;
import dev.helix.server.progress.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A load run reports the measured requests to its progress as they end (warm-up requests are not counted), never a
 * step back, then finishes it. */
class LoadProgressTest {
    @Test
    void everyMeasuredRequestIsCountedOnce() {
        var bytes = new ByteArrayOutputStream();
        var clock = new AtomicLong();
        var progress = new CountProgress(new LiveLine(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new Terminal(true, 120)), "x3", 12, clock::get, Duration.ofSeconds(10));
        var spec = new LoadSpec("x3", 3, 12, 3, i -> StreamRequest.greedy("m", List.of(new ChatMessage(Role.USER, "hi")), 1, i));
        RunReport report = LoadRunner.run(spec, request -> {
            clock.addAndGet(250_000_000L);
            return StreamResult.failed("no server in this test", 1);
        }, null, Thread.ofVirtual(), progress);
        assertEquals(12, report.errors());
        String shown = bytes.toString(StandardCharsets.UTF_8);
        var counts = java.util.regex.Pattern.compile(" (\\d+)/12  ").matcher(shown).results()
                .map(m -> Integer.parseInt(m.group(1))).toList();
        for (int i = 1; i < counts.size() - 1; i++) {
            assertTrue(counts.get(i) > counts.get(i - 1), "never a step back: " + counts);
        }
        assertEquals(12, counts.getLast(), shown);
        // 15 requests (3 warm-up) each move the clock 250 ms: 12 in 3.75 s
        assertTrue(shown.endsWith("12/12  3.2/s  done in 4s\033[K" + System.lineSeparator()), shown);
    }
}
