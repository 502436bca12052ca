package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix serve} killed with SIGKILL, so no shutdown hook runs: the server it started (start: at_launch) and
 * that server's watchdog still go, because the watchdog reads the end of its standard input.
 */
@Timeout(180)
class ManagedOrphanTest {
    @TempDir
    Path home;

    @Test
    void aManagedServerDiesWithAHelixKilledOutright() throws Exception {
        Path yaml = Files.writeString(home.resolve("models.yaml"), """
                models_dir: %s
                discovery: {enabled: false}
                providers:
                  sleeper:
                    type: llama-server
                    managed:
                      command: [sleep, "1000"]
                      start: at_launch
                      start_timeout: 10m
                """.formatted(Files.createDirectories(home.resolve("models"))));
        Process helix = new CliProcess(home).builder("serve", "--port", "0", "--config", yaml.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("serve.out").toFile()).start();
        Path log = home.resolve(".helix/logs/sleeper.log");
        long pid = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (pid < 0) {
                if (Files.exists(log)) {
                    var m = java.util.regex.Pattern.compile("\\[helix] server pid (\\d+)").matcher(Files.readString(log));
                    if (m.find()) {
                        pid = Long.parseLong(m.group(1));
                    }
                }
                assertTrue(helix.isAlive(), "serve ended: " + Files.readString(home.resolve("serve.out")));
                assertTrue(System.nanoTime() < deadline, "the managed server never started (hang guard)");
                Thread.sleep(20);
            }
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            ProcessHandle watchdog = server.parent().orElseThrow();
            assertTrue(watchdog.parent().map(p -> p.pid() == helix.pid()).orElse(false), "the watchdog is Helix's child");
            helix.destroyForcibly(); // SIGKILL: no shutdown hook
            helix.waitFor(60, TimeUnit.SECONDS);
            server.onExit().get(60, TimeUnit.SECONDS);
            watchdog.onExit().get(60, TimeUnit.SECONDS);
        } finally {
            helix.destroyForcibly();
        }
    }
}
