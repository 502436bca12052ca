package dev.helix.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Real signals to real processes (Linux): stop one as SIGSTOP does, and wait for the kernel to say it stopped. */
public final class Processes {
    private Processes() {
    }

    /** Sends SIGSTOP and returns once the process is in the stopped state (at most 60 s). */
    public static void stop(long pid) {
        signal("-STOP", pid);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!stopped(pid)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("process " + pid + " did not stop within 60 s of SIGSTOP");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Sends SIGCONT (a stopped process that a test gave up on should not stay stopped). */
    public static void resume(long pid) {
        if (alive(pid)) {
            signal("-CONT", pid);
        }
    }

    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits (at most 60 s) until the process is gone. */
    public static boolean awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (alive(pid) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return !alive(pid);
    }

    /** Whether /proc says the process is stopped (state T). */
    private static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(60, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
