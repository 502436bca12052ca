package dev.helix.server.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.events.HelixEvent;
import dev.helix.events.HelixEvents;
import dev.helix.router.config.ObservabilityConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into {@link Alert}s and delivers each to every sink, never on the publisher's thread: each sink has a
 * bounded queue and one thread of its own, which retries a failed delivery with exponential backoff. A full queue
 * drops its oldest alert (counted in {@link Counts#dropped()}), so a dead webhook never holds a request, a probe or
 * memory.
 */
public final class AlertDispatcher implements HelixEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    /** A sink's deliveries so far. */
    public record Counts(String sink, long sent, long failed, long dropped) {}

    private final Set<String> events;
    private final Clock clock;
    private final String host;
    private final List<Worker> workers = new ArrayList<>();
    private final HttpClient http;

    public AlertDispatcher(ObservabilityConfig.Alerts config, ObjectMapper json, Clock clock, String host) {
        this.events = config.events();
        this.clock = clock;
        this.host = host;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        for (ObservabilityConfig.Sink sink : config.sinks()) {
            AlertSink target = sink.type().equals("log") ? new AlertSink.Log()
                    : new AlertSink.Webhook(sink.type(), sink.url(), sink.headers(), config.timeout(), http, json);
            workers.add(new Worker(target, config));
        }
    }

    @Override
    public void publish(HelixEvent event) {
        if (workers.isEmpty()) {
            return;
        }
        Alert.of(event, clock.instant(), host).filter(a -> events.contains(a.event()))
                .ifPresent(alert -> workers.forEach(w -> w.offer(alert)));
    }

    public List<Counts> counts() {
        return workers.stream().map(w -> new Counts(w.sink.name(), w.sent.get(), w.failed.get(), w.dropped.get()))
                .toList();
    }

    @Override
    public void close() {
        workers.forEach(Worker::close);
        http.close();
    }

    private static final class Worker {
        private final AlertSink sink;
        private final LinkedBlockingDeque<Alert> queue;
        private final int maxAttempts;
        private final Duration baseDelay;
        private final Duration maxDelay;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final Thread thread;
        private volatile boolean closed;

        Worker(AlertSink sink, ObservabilityConfig.Alerts config) {
            this.sink = sink;
            this.queue = new LinkedBlockingDeque<>(config.queueSize());
            this.maxAttempts = config.maxAttempts();
            this.baseDelay = config.retryBaseDelay();
            this.maxDelay = config.retryMaxDelay();
            this.thread = Thread.ofVirtual().name("helix-alerts-" + sink.name()).start(this::run);
        }

        void offer(Alert alert) {
            if (closed) {
                return;
            }
            while (!queue.offerLast(alert)) {
                if (queue.pollFirst() != null) {
                    dropped.incrementAndGet();
                    LOG.warn("alerts to {}: queue full, dropped the oldest", sink.name());
                }
            }
        }

        private void run() {
            try {
                while (!closed) {
                    Alert alert = queue.pollFirst(1, TimeUnit.SECONDS);
                    if (alert != null) {
                        deliver(alert);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed
            }
        }

        private void deliver(Alert alert) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    sink.send(alert);
                    sent.incrementAndGet();
                    return;
                } catch (AlertSink.RetriableException e) {
                    if (attempt >= maxAttempts) {
                        giveUp(alert, attempt, e);
                        return;
                    }
                    Thread.sleep(delay(attempt));
                } catch (IOException e) {
                    giveUp(alert, attempt, e);
                    return;
                }
            }
        }

        private Duration delay(int attempt) {
            Duration d = baseDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
            return d.compareTo(maxDelay) > 0 ? maxDelay : d;
        }

        private void giveUp(Alert alert, int attempts, IOException e) {
            failed.incrementAndGet();
            LOG.warn("alert {} for {} not delivered to {} after {} attempt(s): {}", alert.event(), alert.subject(),
                    sink.name(), attempts, e.getMessage());
        }

        void close() {
            closed = true;
            thread.interrupt();
        }
    }
}
