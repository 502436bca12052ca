package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this jar in a child JVM, its output in a log file of its own: the in-process baseline must
 * be a process of its own (the binding's library and threads, and its exit through System.exit), and JMH forks anyway.
 */
final class ChildJava {
    private final String classpath;
    private final Path logs;
    private int count;

    ChildJava(String classpath, Path logs) {
        this.classpath = classpath;
        this.logs = logs;
    }

    /** Runs {@code mainClass args} and returns its exit status; fails if it runs past {@code timeout}. */
    int run(String name, String mainClass, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classpath, mainClass));
        command.addAll(args);
        Path log = logs.resolve(String.format("%02d-%s.log", ++count, name));
        try {
            Files.createDirectories(logs);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(name + " ran past " + timeout.toSeconds() + " s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with status " + process.exitValue() + "; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }
}
