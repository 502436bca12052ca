package dev.helix.runtime.llamacpp;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The server's wait for a runner's answer to {@link Frame.Load}, with the stall watch running from the start. */
final class RunnerLoad {
    private RunnerLoad() {
    }

    /** The runner went silent, or did not finish, while loading; the message says which. */
    static final class Silent extends IOException {
        Silent(String message) {
            super(message);
        }
    }

    /**
     * The runner's answer to the load, its heartbeats skipped: a runner that stops beating fails the load after the
     * stall timeout (a stopped process would otherwise hold its request for the whole load timeout), a slow load
     * that keeps beating has the load timeout.
     */
    static Frame await(RunnerProcess process, RunnerSettings settings) throws IOException {
        var watch = new StallWatch(settings.stallTimeout(), settings.clock());
        var answer = new CompletableFuture<Frame>();
        Thread.ofVirtual().name("helix-runner-load").start(() -> {
            try {
                Frame frame;
                while ((frame = process.channel().read()) instanceof Frame.Heartbeat) {
                    watch.heard();
                }
                answer.complete(frame);
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + settings.loadTimeout().toNanos();
        while (true) {
            try {
                return answer.get(settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (TimeoutException e) {
                if (watch.stalled()) {
                    throw new Silent("stopped answering (no heartbeat for " + watch.silence().toSeconds() + " s)");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new Silent("did not finish within the load timeout of "
                            + settings.loadTimeout().toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
