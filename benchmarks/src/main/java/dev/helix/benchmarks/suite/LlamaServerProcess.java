package dev.helix.benchmarks.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * llama.cpp's own {@code llama-server} from a {@code native/build.sh} install ({@code <install>/bin/llama-server},
 * built from the same tag and flags as the library beside it), started as a child process on a free port with the
 * load settings Helix is given, its output in a log file. Ready once {@code GET /health} answers 200 (the model is
 * loaded then); closing ends it.
 */
final class LlamaServerProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(120);

    private final Process process;
    private final URI url;
    private final List<String> command;

    private LlamaServerProcess(Process process, URI url, List<String> command) {
        this.process = process;
        this.url = url;
        this.command = command;
    }

    /** The same load settings as Helix's: threads for decode and prompts, slots, context per slot, batch sizes. */
    record Flags(int threads, int slots, int slotContext, int batch, int microBatch) {
        List<String> arguments() {
            return List.of("-t", Integer.toString(threads), "-tb", Integer.toString(threads),
                    "-np", Integer.toString(slots), "-c", Integer.toString(slots * slotContext),
                    "-b", Integer.toString(batch), "-ub", Integer.toString(microBatch));
        }
    }

    static Path binary(Path install) {
        return install.resolve("bin").resolve("llama-server");
    }

    static LlamaServerProcess start(Path install, Path model, Flags flags, Path log) {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var command = new ArrayList<>(List.of(binary(install).toString(), "-m", model.toString()));
        command.addAll(flags.arguments());
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
        var server = new LlamaServerProcess(process, URI.create("http://127.0.0.1:" + port), List.copyOf(command));
        try {
            server.awaitHealthy(log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy(Path log) {
        long deadline = System.nanoTime() + READY.toNanos();
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("llama-server ended with " + process.exitValue()
                            + " before it was ready; see " + log);
                }
                try {
                    var reply = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.discarding());
                    if (reply.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet, or still loading
                }
                Thread.sleep(100); // polling a starting server: a hang guard, not a measurement
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("llama-server was not ready within " + READY.toSeconds() + " s; see " + log);
    }

    URI url() {
        return url;
    }

    /** The command line it runs, for the results page. */
    List<String> command() {
        return command;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
