package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.router.config.HelixConfig;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix providers [--installed] | providers start|stop|restart NAME | logs NAME [-f]}, run as a user runs them
 * (a child JVM per command) against a real server that manages a real child process.
 */
@Tag(TestEngine.TAG)
@Timeout(300)
class ManagedCliTest {
    @TempDir
    Path dir;

    @Test
    void startStopRestartAndLogsOfAManagedProvider() throws Exception {
        var sleeper = dev.helix.server.SleeperProvider.in(dir);
        var router = sleeper.router();
        var upstreams = sleeper.upstreams();
        var server = HelixServer.start(new ServerSettings("127.0.0.1", 0, 1 << 20), router, "test");
        var helix = new CliProcess(Files.createDirectories(dir.resolve("cli-home")));
        String port = Integer.toString(server.port());
        try (router; server) {
            var health = helix.run("health", "--port", port);
            assertEquals(0, health.exit(), health.err());
            assertEquals("ok: Helix at 127.0.0.1:" + port + "\n", health.out());
            var list = helix.run("providers", "--port", port);
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("sleeper") && l.contains("STOPPED")), list.out());

            var start = helix.run("providers", "start", "sleeper", "--port", port);
            assertEquals(0, start.exit(), start.err());
            assertTrue(start.out().startsWith("sleeper: starting"), start.out());

            // logs -f follows the log until the server has said hello
            Process follow = helix.builder("logs", "sleeper", "-f", "--port", port).redirectErrorStream(true).start();
            try (var reader = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                var seen = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null && !line.equals(dev.helix.server.SleeperProvider.GREETING)) {
                    seen.append(line).append('\n');
                }
                assertEquals(dev.helix.server.SleeperProvider.GREETING, line, "logs -f ended before the server's output: " + seen);
                assertTrue(follow.isAlive(), "-f keeps following");
            } finally {
                follow.destroy();
                assertTrue(follow.waitFor(60, TimeUnit.SECONDS));
            }
            var process = upstreams.managed("sleeper").orElseThrow().process();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (process.status().pid() <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the watchdog names the pid in its output, which may come after the server's
            }
            long pid = process.status().pid();
            assertTrue(pid > 0, "the server's pid is known");

            var restart = helix.run("providers", "restart", "sleeper", "--port", port);
            assertEquals(0, restart.exit(), restart.err());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "restart stopped the old one");

            var stop = helix.run("providers", "stop", "sleeper", "--port", port);
            assertEquals(0, stop.exit(), stop.err());
            assertEquals("sleeper: stopped\n", stop.out());
            assertEquals(0, ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                    .contains(dir.toString())).count(), "nothing of sleeper left running");

            var logs = helix.run("logs", "sleeper", "--port", port);
            assertEquals(0, logs.exit(), logs.err());
            assertEquals(2, logs.out().lines().filter(l -> l.startsWith("[helix] starting: sh -c")).count(), logs.out());
            assertTrue(logs.out().contains("[helix] stopped"), logs.out());

            var unknown = helix.run("providers", "restart", "nosuch", "--port", port);
            assertEquals(1, unknown.exit());
            assertEquals("helix: no managed provider \"nosuch\" (managed: sleeper)\n", unknown.err());
            var noLog = helix.run("logs", "nosuch", "--port", port);
            assertEquals(1, noLog.exit());
            var usage = helix.run("providers", "start");
            assertEquals(2, usage.exit(), "a missing NAME is a usage error: " + usage.err());
        }
        var down = helix.run("health", "--port", port);
        assertEquals(1, down.exit(), "a stopped server is not healthy");
        assertEquals("helix: no Helix server answers at 127.0.0.1:" + port + "\n", down.err());
        var noServer = helix.run("providers", "stop", "sleeper", "--port", port);
        assertEquals(1, noServer.exit());
        assertTrue(noServer.err().contains("no Helix server answers at 127.0.0.1:" + port), noServer.err());
    }

    @Test
    void installedFindsServersOnThePathAndInTheHomeFolderAndPrintsInstallCommandsForTheRest() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String exe : new String[] {"ollama", "llama-server"}) {
            Files.writeString(bin.resolve(exe), "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(bin.resolve(exe), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(bin.resolve("vllm"), "not executable"); // a file that cannot run is not an install
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("text-generation-webui"));
        Files.writeString(home.resolve("text-generation-webui/start_linux.sh"), "#!/bin/sh\n");
        var helix = new CliProcess(home);
        var env = Map.of("PATH", bin.toString());

        var text = helix.run(env, "providers", "--installed");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("Found 3: add what you want under providers: in models.yaml"), text.out());
        assertTrue(text.out().contains("    managed:\n      command: [" + bin.resolve("ollama") + ", serve]\n"),
                text.out());
        assertTrue(text.out().contains("command: [" + bin.resolve("llama-server") + ", -m, MODEL.gguf, --port, "
                + "\"{port}\"]"), text.out());
        assertTrue(text.out().contains(home.resolve("text-generation-webui/start_linux.sh").toString()), text.out());
        assertTrue(text.out().contains("vllm") && text.out().contains("pip install vllm"), text.out());
        assertTrue(text.out().contains("Helix never installs them"), text.out());

        // what it prints is a valid provider entry: models.yaml takes it as it is
        String yaml = text.out().substring(text.out().indexOf("\nproviders:") + 1, text.out().indexOf("\nNot found"));
        var config = HelixConfig.load(Files.writeString(dir.resolve("found.yaml"), yaml), home);
        assertEquals(3, config.providers().size());
        assertTrue(config.providers().stream().allMatch(p -> p.managed() != null && p.managed().startAtLaunch()));

        var json = helix.run(env, "providers", "--installed", "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertEquals(12, list.size());
        long installed = 0;
        for (JsonNode server : list) {
            if (server.path("installed").asBoolean()) {
                installed++;
                assertTrue(server.path("yaml").asText().contains("managed:"), server.toString());
            } else {
                assertFalse(server.path("install").asText().isBlank(), server.toString());
            }
        }
        assertEquals(3, installed);
    }
}
