package dev.helix.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines on what a client sends (slowloris): a connection whose request headers have not all arrived within the
 * header timeout (counted from its opening, or from the end of its previous answer), or whose body has not within the
 * body timeout (counted from its headers), is closed, also when it keeps sending a byte now and then. An idle timeout
 * alone would let such a client hold its connection for ever. While a request is worked on, the connection's idle
 * timeout is the long one that lets a prompt on a CPU take minutes before its first byte.
 *
 * <p>Installed as a Jetty handler (which sees each request start and end) and a connection listener (which sees
 * each connection open and close).
 */
final class ReadDeadlines extends Handler.Wrapper implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ReadDeadlines.class);

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Duration workingIdleTimeout;
    private final Map<EndPoint, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean closing;

    ReadDeadlines(ConnectionLimits limits, Duration workingIdleTimeout) {
        this.headerTimeout = limits.headerTimeout();
        this.bodyTimeout = limits.bodyTimeout();
        this.workingIdleTimeout = workingIdleTimeout;
    }

    @Override
    public void onOpened(Connection connection) {
        var watch = new Watch(connection.getEndPoint(), getServer().getScheduler());
        watches.put(connection.getEndPoint(), watch);
        watch.awaitHeaders(0);
    }

    /**
     * For a shutdown: closes every connection that waits for a request, and from now on each one as soon as its
     * answer is done.
     */
    void closeIdle() {
        closing = true;
        for (Watch watch : watches.values()) {
            watch.closeIfIdle();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        Watch watch = watches.remove(connection.getEndPoint());
        if (watch != null) {
            watch.stop();
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Watch watch = watches.get(request.getConnectionMetaData().getConnection().getEndPoint());
        if (watch == null) {
            return super.handle(request, response, callback);
        }
        boolean body = request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        long number = watch.headersIn(body);
        Request reading = !body ? request : new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk != null && chunk.isLast()) {
                    watch.bodyIn();
                }
                return chunk;
            }
        };
        Callback done = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                super.succeeded();
                watch.awaitHeaders(number);
            }

            @Override
            public void failed(Throwable x) {
                super.failed(x);
                watch.awaitHeaders(number);
            }
        };
        boolean handled = super.handle(reading, response, done);
        if (!handled) {
            watch.awaitHeaders(number);
        }
        return handled;
    }

    /** One connection: what it is waiting for, and the task that closes it when that takes too long. */
    private final class Watch {
        private final EndPoint endPoint;
        private final Scheduler scheduler;
        private Scheduler.Task task;
        private long phase;
        private long requests;
        private boolean idle;

        Watch(EndPoint endPoint, Scheduler scheduler) {
            this.endPoint = endPoint;
            this.scheduler = scheduler;
        }

        /** After request {@code number}'s answer (0: on opening), unless a later request has started since. */
        synchronized void awaitHeaders(long number) {
            if (number != requests) {
                return;
            }
            idle = true;
            if (closing) {
                stop();
                endPoint.close();
                return;
            }
            endPoint.setIdleTimeout(headerTimeout.toMillis());
            deadline(headerTimeout, "request headers");
        }

        synchronized void closeIfIdle() {
            if (idle) {
                stop();
                endPoint.close();
            }
        }

        /** A request's headers are in; returns its number on this connection. */
        synchronized long headersIn(boolean body) {
            idle = false;
            requests++;
            if (body) {
                endPoint.setIdleTimeout(bodyTimeout.toMillis());
                deadline(bodyTimeout, "request body");
            } else {
                working();
            }
            return requests;
        }

        synchronized void bodyIn() {
            working();
        }

        synchronized void stop() {
            phase++;
            cancel();
        }

        private void working() {
            phase++;
            cancel();
            endPoint.setIdleTimeout(workingIdleTimeout.toMillis());
        }

        private void deadline(Duration timeout, String what) {
            long mine = ++phase;
            cancel();
            task = scheduler.schedule(() -> expire(mine, timeout, what), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void cancel() {
            if (task != null) {
                task.cancel();
                task = null;
            }
        }

        private synchronized void expire(long which, Duration timeout, String what) {
            if (which == phase) {
                LOG.debug("closed {}: {} not received within {} ms", endPoint.getRemoteSocketAddress(), what,
                        timeout.toMillis());
                endPoint.close();
            }
        }
    }
}
