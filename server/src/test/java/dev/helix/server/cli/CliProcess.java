package dev.helix.server.cli;

import dev.helix.runtime.testing.TestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code helix} (or another main class on the test class path: the benchmarks' load tool) as a real child process
 * with a private home folder and no HELIX_* variables but one: on the ffm engine's run of the suite
 * ({@code -Dhelix.test.engine=ffm}) {@code HELIX_DEFAULTS_ENGINE} makes the child's local models run on that engine too.
 */
public final class CliProcess {
    public record Result(int exit, String out, String err) {}

    private final Path home;
    private final Class<?> mainClass;

    public CliProcess(Path home) {
        this(home, Main.class);
    }

    public CliProcess(Path home, Class<?> mainClass) {
        this.home = home;
        this.mainClass = mainClass;
    }

    ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("HELIX_"));
        builder.environment().put("HOME", home.toString());
        if (System.getProperty("helix.test.engine") != null) {
            builder.environment().put("HELIX_DEFAULTS_ENGINE", TestEngine.engine().wireName());
        }
        return builder;
    }

    public Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with these environment variables set (HELIX_* ones included). */
    public Result run(Map<String, String> environment, String... args) {
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            ProcessBuilder builder = builder(args);
            builder.environment().putAll(environment);
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                String name = mainClass == Main.class ? "helix" : mainClass.getSimpleName();
                throw new AssertionError(name + " " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
