package dev.helix.runtime.llamacpp;

import dev.helix.provider.ModelLoadException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner child process and its connection, from the server's side. The process gets a private directory (its
 * socket, and the binding's unpacked library), its output goes to the log with the last lines kept for error
 * messages, and its standard input stays open for as long as the server wants it alive: closing it, or the server
 * dying, ends the runner.
 */
final class RunnerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProcess.class);
    /** Lines worth quoting when a runner dies: llama.cpp asserts and aborts, C++ and Java exceptions. */
    private static final java.util.regex.Pattern ERROR_LINE = java.util.regex.Pattern.compile(
            "(?i).*(error|assert|abort|terminate|what\\(\\)|exception|fatal|failed|runner:).*");

    private final String name;
    private final Process process;
    private final Path directory;
    /**
     * A line in which llama.cpp says what went wrong, e.g. "llama_model_load: error loading model: ...", after the
     * prefix the runner's own logging puts before a line ({@code 20:51:57.861 [ERROR] cpp - }), whose level tag would
     * otherwise make every line the ffm engine logs at error level look like one.
     */
    private static final java.util.regex.Pattern NAMED_ERROR =
            java.util.regex.Pattern.compile("(?i).*\\berror\\b.*");
    private static final java.util.regex.Pattern LOG_PREFIX =
            java.util.regex.Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[A-Z]+\\] \\S+ - ");

    private final LogTail tail = new LogTail(200);
    private FrameChannel channel;
    private Thread pump;

    private RunnerProcess(String name, Process process, Path directory) {
        this.name = name;
        this.process = process;
        this.directory = directory;
    }

    /** Starts a runner and waits until it has connected. */
    static RunnerProcess start(String name, RunnerSettings settings) {
        Path directory;
        try {
            directory = Files.createTempDirectory(RunnerDirectories.PREFIX);
        } catch (IOException e) {
            throw new ModelLoadException("cannot create a directory for the runner of " + name + ": " + e, e);
        }
        Path socket = directory.resolve("runner.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            List<String> command = new ArrayList<>();
            command.add(settings.java().toString());
            command.addAll(settings.jvmOptions());
            command.add("-Dde.kherud.llama.tmpdir=" + directory);
            // A long class path (a development one) travels in CLASSPATH, not on the command line: Linux shows a
            // process's arguments (ProcessHandle.Info) only while its command line fits a page. The jar's own
            // (one path) stays on the command line, where it says which jar the runner runs from.
            boolean inEnvironment = settings.classpath().length() > 1024;
            if (!inEnvironment) {
                command.addAll(List.of("-cp", settings.classpath()));
            }
            command.addAll(List.of(RunnerMain.class.getName(), socket.toString()));
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (inEnvironment) {
                builder.environment().put("CLASSPATH", settings.classpath());
            }
            Process process = builder.start();
            RunnerDirectories.claim(directory, process.pid());
            var runner = new RunnerProcess(name, process, directory);
            runner.pumpOutput();
            runner.channel = new FrameChannel(runner.accept(server, settings));
            return runner;
        } catch (IOException e) {
            deleteDirectory(directory);
            throw new ModelLoadException("cannot start a runner for " + name + ": " + e.getMessage(), e);
        }
    }

    private SocketChannel accept(ServerSocketChannel server, RunnerSettings settings) throws IOException {
        server.configureBlocking(false);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (true) {
            SocketChannel connection = server.accept();
            if (connection != null) {
                connection.configureBlocking(true);
                return connection;
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                String why = exitDescription();
                stop();
                throw new ModelLoadException("the runner for " + name + " did not start: " + why, null);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new ModelLoadException("interrupted while starting the runner for " + name, e);
            }
        }
    }

    private void pumpOutput() {
        pump = Thread.ofPlatform().daemon().name("helix-runner-log-" + name).start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    tail.add(line);
                    LOG.debug("[{}] {}", name, line);
                }
            } catch (IOException ignored) {
                // the process is gone; what it said is in the tail
            }
        });
    }

    /** The last lines the runner printed (its log, the binding's native log lines), oldest first. */
    java.util.List<String> output() {
        return tail.lines();
    }

    FrameChannel channel() {
        return channel;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Why the runner is gone, for error messages: its exit status (with the signal that killed it, if any) and
     * the error lines it printed last (an assertion, an abort, an exception), if it printed any.
     */
    String exitDescription() {
        String status;
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                return "stopped answering";
            }
            int code = process.exitValue();
            status = code > 128 && code < 160 ? "was killed by signal " + (code - 128) + " (exit status " + code + ")"
                    : "exited with status " + code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "state unknown";
        }
        String said = tail.lastMatching(ERROR_LINE, 3);
        return said.isEmpty() ? status : status + ": " + said;
    }

    /**
     * The last line the runner printed that names an error, read once the runner has exited and its output is read to
     * the end (a runner exits right after it reports a failed load); "" when there is none, or when the runner does
     * not exit within a few seconds. llama.cpp explains a failed load only there: the exception it throws says
     * "could not load model from given file path", its log says "unknown model architecture: 'x'".
     */
    String lastErrorAfterExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                return "";
            }
            pump.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        String last = "";
        for (String line : tail.lines()) {
            String said = LOG_PREFIX.matcher(line).replaceFirst("").strip();
            if (NAMED_ERROR.matcher(said).matches()) {
                last = said;
            }
        }
        return last;
    }

    /**
     * Kills the runner at once (SIGKILL, which also ends a stopped process) and waits a little for it to go; the read
     * loop then sees its connection end. {@link #stop()} still removes its folder.
     */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the runner and waits until it is gone, so its memory is back when this returns. */
    void stop() {
        if (channel != null) {
            channel.close();
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteDirectory(directory);
    }

    @Override
    public void close() {
        stop();
    }

    private static void deleteDirectory(Path directory) {
        RunnerDirectories.delete(directory);
    }
}
