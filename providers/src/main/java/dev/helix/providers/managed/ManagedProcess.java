package dev.helix.providers.managed;

import dev.helix.providers.routing.Pause;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Supervises one managed server: starts it (under the {@link Watchdog}), waits until {@link Readiness} says it
 * answers, and when it exits, does not become ready within the start timeout, or is reported unhealthy
 * {@link RestartPolicy#unhealthyAfter()} times in a row, stops what is left of it and starts it again after the
 * policy's backoff, until the policy's restarts are spent: then it is {@link ManagedState#FAILED} and says so with a
 * {@link ProcessEvent.Failed}. One supervising thread per run; {@link #stop()} ends it and the server.
 */
public final class ManagedProcess implements AutoCloseable {
    private final ManagedSpec spec;
    private final Readiness readiness;
    private final ProcessEventListener events;
    private final InstantSource clock;
    private final Pause pause;
    private final RotatingLog log;

    private ManagedState state = ManagedState.STOPPED;
    private Instant since;
    private String lastError;
    private int restarts;
    private int port;
    private ChildProcess child;
    private Thread supervisor;
    /** Completed with why the running server is in trouble: it exited, or stayed unhealthy. */
    private CompletableFuture<String> trouble = new CompletableFuture<>();
    private int unhealthyInARow;
    private boolean closed;

    public ManagedProcess(ManagedSpec spec, Readiness readiness, ProcessEventListener events, InstantSource clock,
                          Pause pause) throws IOException {
        this.spec = spec;
        this.readiness = readiness;
        this.events = events;
        this.clock = clock;
        this.pause = pause;
        this.log = new RotatingLog(spec.logFile(), spec.logMaxBytes(), spec.logFiles());
        this.since = clock.instant();
        this.port = spec.port();
    }

    public ManagedSpec spec() {
        return spec;
    }

    public synchronized ManagedStatus status() {
        return new ManagedStatus(spec.name(), state, child != null && child.alive() ? child.pidNow() : -1, port, restarts,
                lastError, spec.logFile().toString(), since.toString());
    }

    /** The port of the current start (the configured one before the first). */
    public synchronized int port() {
        return port;
    }

    /**
     * Starts the server unless it is starting or running already; returns at once. A failed one starts afresh, its
     * count of restarts at zero.
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException(spec.name() + " is closed");
        }
        if (supervisor != null) {
            return;
        }
        restarts = 0;
        lastError = null;
        set(ManagedState.STARTING);
        supervisor = Thread.ofPlatform().daemon().name("helix-managed-" + spec.name()).start(this::supervise);
    }

    /**
     * Starts the server if needed and waits until it is ready.
     *
     * @throws NotReadyException when it failed, was stopped meanwhile, or is still not ready after {@code max}
     */
    public void awaitRunning(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            if (state == ManagedState.STOPPED) {
                start();
            }
            while (state != ManagedState.RUNNING) {
                if (state == ManagedState.FAILED) {
                    throw new NotReadyException(spec.name() + " failed: " + lastError + " (log: " + spec.logFile()
                            + "; helix providers start " + spec.name() + " tries again)");
                }
                if (state == ManagedState.STOPPED) {
                    throw new NotReadyException(spec.name() + " was stopped");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NotReadyException(spec.name() + " is not ready after " + max.toSeconds() + " s (" + state
                            .name().toLowerCase(java.util.Locale.ROOT) + (lastError == null ? "" : "; last: "
                            + lastError) + ")");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /**
     * A health probe's answer while running: after {@link RestartPolicy#unhealthyAfter()} failed ones in a row the
     * server is restarted like one that exited.
     */
    public synchronized void reportHealth(boolean healthy, String detail) {
        if (state != ManagedState.RUNNING) {
            return;
        }
        unhealthyInARow = healthy ? 0 : unhealthyInARow + 1;
        if (unhealthyInARow >= spec.restart().unhealthyAfter()) {
            trouble.complete("stayed unhealthy for " + unhealthyInARow + " probes: " + detail);
        }
    }

    private void supervise() {
        int attempt = 0;
        while (true) {
            attempt++;
            ChildProcess started;
            CompletableFuture<String> exit;
            int chosen;
            synchronized (this) {
                if (Thread.currentThread().isInterrupted() || supervisor != Thread.currentThread()) {
                    return;
                }
                set(ManagedState.STARTING);
                chosen = spec.port() != 0 ? spec.port() : freePort();
                port = chosen;
                unhealthyInARow = 0;
                try {
                    child = ChildProcess.start(spec, chosen, log);
                } catch (IOException e) {
                    child = null;
                }
                started = child;
                trouble = new CompletableFuture<>();
                exit = trouble;
            }
            String why;
            Instant readyAt = null;
            if (started == null) {
                why = "cannot run " + spec.command().getFirst() + " (is it installed and on the PATH?)";
            } else {
                started.onExit().thenRun(() -> exit.complete(started.exitDescription()));
                events.on(new ProcessEvent.Starting(spec.name(), clock.instant(), started.pid(), chosen, attempt));
                try {
                    why = awaitReady(started, chosen, exit);
                    if (why == null) {
                        readyAt = clock.instant();
                        why = exit.get();
                    }
                } catch (InterruptedException e) {
                    started.stop(spec.stopGrace());
                    return;
                } catch (ExecutionException e) {
                    why = e.getCause().toString();
                }
                started.stop(spec.stopGrace());
            }
            synchronized (this) {
                if (supervisor != Thread.currentThread()) {
                    return;
                }
                child = null;
                lastError = why;
                note(why);
                if (readyAt != null && Duration.between(readyAt, clock.instant()).compareTo(
                        spec.restart().stableAfter()) >= 0) {
                    restarts = 0;
                }
                if (restarts >= spec.restart().maxRestarts()) {
                    set(ManagedState.FAILED);
                    supervisor = null;
                }
            }
            events.on(new ProcessEvent.Exited(spec.name(), clock.instant(), started == null ? -1 : started.pid(), why));
            if (state() == ManagedState.FAILED) {
                events.on(new ProcessEvent.Failed(spec.name(), clock.instant(), why, restarts));
                return;
            }
            Duration delay;
            synchronized (this) {
                restarts++;
                delay = spec.restart().delay(restarts);
                set(ManagedState.BACKOFF);
            }
            events.on(new ProcessEvent.Restarting(spec.name(), clock.instant(), restarts, delay));
            try {
                pause.pause(delay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Null once ready; else why not: it exited first, or the start timed out. */
    private String awaitReady(ChildProcess started, int chosen, CompletableFuture<String> exit)
            throws InterruptedException {
        Instant began = clock.instant();
        long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        long wait = 20;
        while (true) {
            if (exit.isDone()) {
                return "exited before it was ready: " + exit.getNow("");
            }
            if (readiness.ready(chosen)) {
                synchronized (this) {
                    if (supervisor != Thread.currentThread()) {
                        throw new InterruptedException("stopped");
                    }
                    set(ManagedState.RUNNING);
                }
                events.on(new ProcessEvent.Ready(spec.name(), clock.instant(), started.pid(),
                        Duration.between(began, clock.instant())));
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                String said = started.lastLines(2);
                return "did not become ready within " + seconds(spec.startTimeout()) + " (probe: "
                        + (spec.readyPath() == null ? "the server's health check" : "GET " + spec.readyPath())
                        + " on port " + chosen + ")" + (said.isEmpty() ? "" : "; last output: " + said);
            }
            Thread.sleep(Math.min(wait, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            wait = Math.min(wait * 2, 500);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void note(String line) {
        try {
            log.note(line);
        } catch (IOException ignored) {
            // the log is best effort
        }
    }

    private synchronized ManagedState state() {
        return state;
    }

    private void set(ManagedState next) {
        if (state != next) {
            state = next;
            since = clock.instant();
        }
        notifyAll();
    }

    /** Stops the server (SIGTERM, SIGKILL after the grace period) and its supervision; returns when it is gone. */
    public void stop() {
        Thread running;
        ChildProcess current;
        synchronized (this) {
            running = supervisor;
            current = child;
            supervisor = null;
            boolean wasUp = state != ManagedState.STOPPED && state != ManagedState.FAILED;
            set(ManagedState.STOPPED);
            if (!wasUp && running == null) {
                return;
            }
        }
        if (running != null) {
            running.interrupt();
        }
        if (current != null) {
            current.stop(spec.stopGrace());
        }
        if (running != null) {
            try {
                running.join(spec.stopGrace().plusSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        note("stopped");
        events.on(new ProcessEvent.Stopped(spec.name(), clock.instant()));
    }

    public void restart() {
        stop();
        start();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        synchronized (this) {
            closed = true;
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    /** A managed server cannot take a request now. */
    public static final class NotReadyException extends RuntimeException {
        NotReadyException(String message) {
            super(message);
        }
    }
}
