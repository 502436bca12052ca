package dev.helix.server.cli;

import dev.helix.router.ModelRouter;
import dev.helix.server.HelixServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code serve} ends. The first SIGTERM or SIGINT (Ctrl-C) stops it gracefully: no new connections, requests
 * still working on a model get until the deadline to finish (those left then end with an error in their API's shape),
 * then the router stops the runners and the upstream checks. A second signal ends the process at once; its runners
 * see their server gone and end themselves. Any other way the JVM exits (SIGHUP, an exit elsewhere) runs the graceful
 * stop from a shutdown hook.
 *
 * <p>The JVM runs shutdown hooks once and ignores signals while they run, so the second signal could not be heard
 * from a hook: the signals are taken with {@code sun.misc.Signal}, the JDK's supported way (module jdk.unsupported)
 * to handle one.
 */
final class Stopping {
    private static final Logger LOG = LoggerFactory.getLogger(Stopping.class);

    private final HelixServer http;
    private final ModelRouter router;
    private final Duration deadline;
    private final AutoCloseable first;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param first closed before the server stops (the configuration's watcher: no reload while stopping) */
    Stopping(HelixServer http, ModelRouter router, Duration deadline, AutoCloseable first) {
        this.http = http;
        this.router = router;
        this.deadline = deadline;
        this.first = first;
    }

    /** Takes SIGTERM and SIGINT, and adds the shutdown hook. */
    void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), this::signalled);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot take SIG{} here ({}); the shutdown hook stops the server", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "helix-shutdown"));
    }

    /** Waits until the server has stopped. */
    void await() throws InterruptedException {
        stopped.await();
    }

    private void signalled(sun.misc.Signal signal) {
        if (started.get()) {
            System.err.println("helix: SIG" + signal.getName() + " again: stopping now");
            System.err.flush();
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        Thread.ofPlatform().name("helix-stop").start(this::stop);
    }

    /** Stops gracefully once; a second caller waits until it is done. */
    private void stop() {
        if (!started.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            first.close();
        } catch (Exception e) {
            LOG.debug("stopping the configuration watch: {}", e.toString());
        }
        try {
            http.shutdown(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            http.close();
        } catch (RuntimeException e) {
            LOG.warn("stopping the HTTP server failed: {}", e.toString());
        } finally {
            try {
                router.close();
            } finally {
                LOG.info("stopped");
                stopped.countDown();
            }
        }
    }
}
