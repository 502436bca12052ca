package dev.helix.benchmarks.suite;

import dev.helix.benchmarks.load.ProcFs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The faults of one soak round: the server's runner is killed (SIGKILL) a third of the way in and the runner then
 * serving is stopped (SIGSTOP, never continued) two thirds of the way in. Each fault records how long the process took
 * to be gone: at once for a kill; for a stop, until the server's stall watch killed it. {@link #close()} waits for
 * the round's faults to be over.
 */
final class SoakFaults implements AutoCloseable {
    /** One fault: when (seconds into the soak), which, on which runner, and seconds until that runner was gone. */
    record Fault(double atSeconds, String kind, long pid, double goneAfterSeconds) {}

    private final long serverPid;
    private final Duration period;
    private final long start = System.nanoTime();
    private final long soakStart;
    private final List<Fault> faults = new ArrayList<>();
    private final Thread thread;

    /** @param soakStart System.nanoTime() when the soak began, for the faults' times */
    SoakFaults(long serverPid, Duration period, long soakStart) {
        this.serverPid = serverPid;
        this.period = period;
        this.soakStart = soakStart;
        this.thread = Thread.ofPlatform().daemon().name("soak-faults").start(this::run);
    }

    private void run() {
        try {
            at(period.dividedBy(3));
            fault("SIGKILL", "-KILL");
            at(period.multipliedBy(2).dividedBy(3));
            fault("SIGSTOP", "-STOP");
        } catch (InterruptedException e) {
            // the soak was stopped
        }
    }

    private void at(Duration offset) throws InterruptedException {
        long wait = start + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Signals the runner (waiting up to a minute for one, as the last fault's replacement may be starting). */
    private void fault(String kind, String signal) throws InterruptedException {
        OptionalLong runner = OptionalLong.empty();
        for (int i = 0; i < 600 && runner.isEmpty(); i++) {
            runner = runner();
            if (runner.isEmpty()) {
                Thread.sleep(100);
            }
        }
        if (runner.isEmpty()) {
            record(new Fault(seconds(), kind + " skipped: no runner", -1, -1));
            return;
        }
        long pid = runner.getAsLong();
        double at = seconds();
        try {
            new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            record(new Fault(at, kind + " failed: " + e.getMessage(), pid, -1));
            return;
        }
        long signalled = System.nanoTime();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && System.nanoTime() - signalled < period.toNanos()) {
            Thread.sleep(20);
        }
        boolean gone = !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        record(new Fault(at, kind, pid, gone ? (System.nanoTime() - signalled) / 1e9 : -1));
    }

    private OptionalLong runner() {
        List<Long> children = ProcFs.descendants(serverPid);
        return children.size() == 1 ? OptionalLong.of(children.get(0)) : OptionalLong.empty();
    }

    private double seconds() {
        return (System.nanoTime() - soakStart) / 1e9;
    }

    private synchronized void record(Fault fault) {
        faults.add(fault);
        System.out.printf("  %6.1f s  %s runner %d%s%n", fault.atSeconds(), fault.kind(), fault.pid(),
                fault.goneAfterSeconds() < 0 ? "" : String.format(" (gone after %.1f s)", fault.goneAfterSeconds()));
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /** Waits (at most a period) until the round's faults are over. */
    @Override
    public void close() throws InterruptedException {
        if (!thread.join(period)) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        }
    }
}
