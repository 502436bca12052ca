package dev.helix.benchmarks.load;

import dev.helix.server.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Helix server started as a child process on a free port, for measuring it from outside. Readiness is the first
 * successful {@code GET /}; the time from starting the process to then is its start-up time. The server's output
 * goes to a log file; closing ends it the way Ctrl-C does (its runners end with it).
 */
public final class HelixProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(5);

    private final Process process;
    private final URI url;
    private final long startToReadyNanos;
    private final Path log;

    private HelixProcess(Process process, URI url, long startToReadyNanos, Path log) {
        this.process = process;
        this.url = url;
        this.startToReadyNanos = startToReadyNanos;
        this.log = log;
    }

    /** {@code java -jar <jar>}: the shipped fat jar. */
    public static List<String> jar(Path jar) {
        return jar(jar, List.of());
    }

    /** {@code java <jvmOptions> -jar <jar>}. */
    public static List<String> jar(Path jar, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(javaLauncher(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** Helix's main class on this JVM's own class path (the benchmarks jar holds the server). */
    public static List<String> thisClassPath() {
        return List.of(javaLauncher(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName());
    }

    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code launcher serve --host 127.0.0.1 --port <free> serveArgs...} with no HELIX_* variables, and
     * waits until it answers.
     *
     * @throws IllegalStateException if it exits or does not answer within {@code timeout}; the log says why
     */
    public static HelixProcess start(List<String> launcher, List<String> serveArgs, Path log, Duration timeout) {
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(serveArgs);
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("HELIX_"));
        URI url = URI.create("http://127.0.0.1:" + port);
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            Process process = builder.start();
            long deadline = start + timeout.toNanos();
            while (true) {
                if (answers(http, url)) {
                    return new HelixProcess(process, url, System.nanoTime() - start, log);
                }
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException("Helix did not start (" + (process.isAlive() ? "no answer within "
                            + timeout.toSeconds() + " s" : "exited") + "); see " + log);
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Helix", e);
        }
    }

    private static boolean answers(HttpClient http, URI url) throws InterruptedException {
        try {
            var response = http.send(HttpRequest.newBuilder(url.resolve("/")).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    /** From starting the process to its first successful {@code GET /}. */
    public long startToReadyNanos() {
        return startToReadyNanos;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Stops the server as Ctrl-C does (its shutdown ends its runners) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
