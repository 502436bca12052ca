package dev.helix.providers.managed;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One start of a managed server: the {@link Watchdog} process, its server child, and the thread copying their output
 * to the provider's {@link RotatingLog} (the last lines kept for error messages). Closing it ends them all.
 */
final class ChildProcess implements AutoCloseable {
    private static final int TAIL_LINES = 20;

    private final Process watchdog;
    private final RotatingLog log;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread pump;
    private final java.util.concurrent.CompletableFuture<Long> serverPid = new java.util.concurrent.CompletableFuture<>();

    private ChildProcess(Process watchdog, RotatingLog log, String name) {
        this.watchdog = watchdog;
        this.log = log;
        this.pump = Thread.ofPlatform().daemon().name("helix-managed-log-" + name).start(this::pump);
    }

    static ChildProcess start(ManagedSpec spec, int port, RotatingLog log) throws IOException {
        List<String> command = spec.commandFor(port);
        log.note("starting: " + String.join(" ", command));
        Process process = Watchdog.builder(command, spec.workingDir(), spec.env(), spec.stopGrace()).start();
        return new ChildProcess(process, log, spec.name());
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        var line = new StringBuilder();
        try (InputStream in = watchdog.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                log.write(buffer, 0, n);
                String text = new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                synchronized (tail) {
                    for (char c : text.toCharArray()) {
                        if (c == '\n') {
                            var pid = Watchdog.PID_LINE.matcher(line);
                            if (!serverPid.isDone() && pid.find()) {
                                serverPid.complete(Long.parseLong(pid.group(1)));
                            }
                            remember(line.toString());
                            line.setLength(0);
                        } else if (line.length() < 500) {
                            line.append(c);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone, or the log cannot be written: what was said is in the tail
        }
        serverPid.complete(watchdog.pid());
        synchronized (tail) {
            if (!line.isEmpty()) {
                remember(line.toString());
            }
        }
    }

    private void remember(String line) {
        if (!line.isBlank()) {
            tail.addLast(line.strip());
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    /** The server's pid, as the watchdog names it (its own, should it not within 10 s). */
    long pid() {
        try {
            return serverPid.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return watchdog.pid();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return watchdog.pid();
        }
    }

    /** The server's pid if the watchdog has named it yet, else -1; never waits. */
    long pidNow() {
        return serverPid.getNow(-1L);
    }

    boolean alive() {
        return watchdog.isAlive();
    }

    java.util.concurrent.CompletableFuture<Process> onExit() {
        return watchdog.onExit();
    }

    /** The exit as words: "exited with status 3", "was killed by signal 9", and its last lines of output. */
    String exitDescription() {
        try {
            pump.join(Duration.ofSeconds(2)); // the last words come before the end of the output
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (watchdog.isAlive()) {
            return "is running";
        }
        int code = watchdog.exitValue();
        String status = code > 128 && code < 160 ? "was killed by signal " + (code - 128) : "exited with status " + code;
        String said = lastLines(3);
        return said.isEmpty() ? status : status + " (last output: " + said + ")";
    }

    String lastLines(int n) {
        synchronized (tail) {
            var lines = new ArrayList<>(tail);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /**
     * Ends the server and its process group: the watchdog's standard input closes, so it sends SIGTERM to the group
     * and SIGKILL after the grace period. Should the watchdog not be gone a few seconds after that, it and every
     * process seen under it are killed from here. Returns when all of them are gone.
     */
    void stop(Duration grace) {
        List<ProcessHandle> seen = new ArrayList<>(watchdog.descendants().toList());
        try {
            watchdog.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!watchdog.waitFor(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                seen.addAll(watchdog.descendants().toList());
                watchdog.destroyForcibly();
            }
            for (ProcessHandle p : seen) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            }
            watchdog.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle p : seen) {
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            watchdog.destroyForcibly();
            seen.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a process that outlives SIGKILL for 10 s is the kernel's business
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}
