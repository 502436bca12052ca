package dev.helix.providers.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    @TempDir
    Path dir;

    private static void write(RotatingLog log, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        log.write(b, 0, b.length);
    }

    @Test
    void rotatesAtTheSizeKeepingTheNewestFiles() throws Exception {
        Path file = dir.resolve("logs/x.log");
        try (var log = new RotatingLog(file, 10, 2)) {
            write(log, "aaaaaaaaaa");   // exactly full
            write(log, "bbbbbbbbbbcc"); // rotates once, then once more inside
            write(log, "dd");
        }
        assertEquals("ccdd", Files.readString(file));
        assertEquals("bbbbbbbbbb", Files.readString(dir.resolve("logs/x.log.1")));
        assertEquals("aaaaaaaaaa", Files.readString(dir.resolve("logs/x.log.2")));
        assertFalse(Files.exists(dir.resolve("logs/x.log.3")));
    }

    @Test
    void appendsToTheFileItFinds() throws Exception {
        Path file = dir.resolve("y.log");
        Files.writeString(file, "old\n");
        try (var log = new RotatingLog(file, 1000, 1)) {
            log.note("started");
        }
        assertEquals("old\n[helix] started" + System.lineSeparator(), Files.readString(file));
    }
}
