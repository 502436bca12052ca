package dev.helix.providers.fake;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gate a fake upstream waits at, opened by the test: for hanging until released and for letting tokens out one by
 * one. It starts closed. {@link #allow(int)} lets that many waits pass; {@link #open()} lets every wait pass from then
 * on. The test can wait for the fake to arrive at the gate ({@link #awaitArrivals}), so it never has to guess with a
 * sleep whether the fake is blocked yet.
 */
public final class Gate {
    private static final int OPEN = Integer.MAX_VALUE / 2;

    private final Semaphore permits = new Semaphore(0);
    private final Semaphore arrivals = new Semaphore(0);
    private volatile boolean open;

    /** Lets {@code n} more waits pass. */
    public void allow(int n) {
        permits.release(n);
    }

    /** Lets every wait pass, now and from now on. */
    public void open() {
        open = true;
        permits.release(OPEN);
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Waits until {@code n} waits have arrived at the gate since the test last asked (each arrival is counted once).
     *
     * @param hangGuard how long to wait before failing the test: a guard against a hang, not a measure of speed
     */
    public void awaitArrivals(int n, Duration hangGuard) throws InterruptedException, TimeoutException {
        if (!arrivals.tryAcquire(n, hangGuard.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("the fake did not reach the gate " + n + " time(s) within " + hangGuard);
        }
    }

    /** Called by the fake: counts an arrival, then blocks until a permit is free (interruptible). */
    void pass() throws InterruptedException {
        arrivals.release();
        if (!open) {
            permits.acquire();
        }
    }
}
