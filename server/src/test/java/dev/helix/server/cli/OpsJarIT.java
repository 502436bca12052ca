package dev.helix.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestModels;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily operations commands from the shipped jar ({@code java -jar helix.jar}), output and exit codes: config
 * set/get/show, providers --installed, a managed provider steered through providers start/stop and logs against a
 * serve from the same jar, and run as an interactive chat on a pseudo-terminal.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpsJarIT {
    private static final Path JAR = Path.of("target", "helix.jar");

    @TempDir
    Path home;

    /** The PATH the commands get, or null for this JVM's. */
    private String path;

    private ProcessBuilder java(String... args) {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("HELIX_"));
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        return builder;
    }

    private record Ran(int exit, String out, String err) {}

    private Ran run(String... args) throws Exception {
        Process p = java(args).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.completeExceptionally(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", args));
        return new Ran(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    @Test
    void configAndInstalledFromTheJar() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        path = Files.createDirectories(home.resolve("bin")).toString(); // nothing installed
        var set = run("config", "set", "keep_alive", "15m");
        assertEquals(0, set.exit(), set.err());
        assertEquals("15m\n", run("config", "get", "keep_alive").out());
        var show = run("config", "show");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().lines().anyMatch(l -> l.startsWith("keep_alive") && l.contains("15m")
                && l.contains(home.resolve(".helix/config.yaml") + ":1")), show.out());
        var bad = run("config", "set", "max_loaded_models", "0");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("helix: not set:"), bad.err());
        var installed = run("providers", "--installed");
        assertEquals(0, installed.exit(), installed.err());
        assertTrue(installed.out().startsWith("No provider server found"), installed.out());
        assertTrue(installed.out().contains("curl -fsSL https://ollama.com/install.sh | sh"), installed.out());
        var noServer = run("logs", "x", "--port", "1");
        assertEquals(1, noServer.exit());
        assertEquals("helix: no Helix server answers at 127.0.0.1:1 (start one with: helix serve)\n", noServer.err());
    }

    /** The doctor from the jar: its tiny model is written by the jar's own GGUF writer and generates in a runner. */
    @Test
    void doctorFromTheJar() throws Exception {
        var doctor = run("doctor", "--json", "--port", "0");
        var checks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(doctor.out());
        assertEquals(12, checks.size(), doctor.out() + doctor.err());
        boolean failed = false;
        for (var check : checks) {
            failed |= check.get("status").asText().equals("fail");
            if (check.get("name").asText().equals("tiny model")) {
                assertEquals("ok", check.get("status").asText(), check.toString());
                var tokens = java.util.regex.Pattern.compile("(\\d+) tokens generated").matcher(
                        check.get("detail").asText());
                assertTrue(tokens.find() && Integer.parseInt(tokens.group(1)) > 0, check.toString());
            }
        }
        assertEquals(failed ? 1 : 0, doctor.exit(), doctor.out());
    }

    @Test
    void aManagedProviderSteeredFromTheJar() throws Exception {
        Path yaml = Files.writeString(home.resolve("models.yaml"), """
                models_dir: %s
                discovery: {enabled: false}
                providers:
                  sleeper:
                    type: llama-server
                    models: [sleepy]
                    managed:
                      command: [/bin/sh, -c, "echo sleeper says hi; exec sleep 1000"]
                      start_timeout: 10m
                """.formatted(Files.createDirectories(home.resolve("models"))));
        Process serve = java("serve", "--port", "0", "--config", yaml.toString()).redirectErrorStream(true).start();
        var reader = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        try {
            String port = Integer.toString(ServeOutput.listeningPort(reader));
            Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { })); // keep the pipe drained
            var start = run("providers", "start", "sleeper", "--port", port);
            assertEquals(0, start.exit(), start.err());
            assertTrue(start.out().startsWith("sleeper: starting"), start.out());
            var list = run("providers", "--port", port);
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().contains("MANAGED") && list.out().lines().anyMatch(l -> l.startsWith("sleeper")
                    && l.contains("STARTING")), list.out());
            var stop = run("providers", "stop", "sleeper", "--port", port);
            assertEquals("sleeper: stopped\n", stop.out());
            var logs = run("logs", "sleeper", "--port", port);
            assertEquals(0, logs.exit(), logs.err());
            assertTrue(logs.out().contains("sleeper says hi") && logs.out().contains("[helix] stopped"), logs.out());
        } finally {
            serve.destroy(); // before the reader closes: the drain holds it until the output ends
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void runChatsOnATerminalFromTheJar() throws Exception {
        InteractiveRunTest.assumeScript();
        Path models = Files.createDirectories(home.resolve("models"));
        TestModels.copyOf(TestModels.tiny(), models, "tiny.gguf");
        Process p = InteractiveRunTest.onTerminal(java("run", "tiny", "--local", "--models-dir", models.toString()))
                .start();
        try (var typing = p.getOutputStream()) {
            typing.write("/set parameter num_predict 3\nHi there\n/bye\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), said);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.contains("Set parameter 'num_predict' to '3'"), said);
            assertTrue(said.split(">>> ", -1).length - 1 >= 3, said);
        } finally {
            p.destroyForcibly();
        }
    }
}
