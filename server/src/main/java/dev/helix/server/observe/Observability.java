package dev.helix.server.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.events.HelixEvent;
import dev.helix.events.HelixEvents;
import dev.helix.protocol.WireJson;
import dev.helix.router.CrashWatch;
import dev.helix.router.config.ObservabilityConfig;
import dev.helix.server.alerts.AlertDispatcher;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Everything that watches Helix run, in one owner: the metrics, the alerts, the request log, the recent requests and
 * events, and the dashboard's live feed. {@link #events()} is what the router, the runners and the backends publish
 * to; the server feeds it each finished request through {@link #finished}. Closing it stops the alert threads and the
 * feed and closes the log.
 */
public final class Observability implements AutoCloseable {
    /** One event as the dashboard lists it. */
    public record EventEntry(String time, String kind, String subject, String summary) {}

    private static final int RECENT = 200;

    private final Metrics metrics = new Metrics();
    private final AlertDispatcher alerts;
    private final RequestLog requestLog;
    private final RecentRequests recent = new RecentRequests(RECENT);
    private final ArrayDeque<EventEntry> recentEvents = new ArrayDeque<>();
    private final HelixEvents events;
    private final Clock clock;
    private final Duration liveInterval;
    private volatile LiveFeed live;

    private Observability(ObservabilityConfig config, Clock clock, Duration liveInterval) {
        ObjectMapper json = WireJson.mapper();
        this.clock = clock;
        this.liveInterval = liveInterval;
        this.alerts = new AlertDispatcher(config.alerts(), json, clock, hostName());
        var log = config.requestLog();
        this.requestLog = log.path() == null ? null : RequestLog.rotating(log.path(), log.maxBytes(), log.files(), json);
        HelixEvents all = HelixEvents.all(List.of(metrics, alerts, this::remember));
        this.events = new CrashWatch(all, config.alerts().crashLoopCrashes(), config.alerts().crashLoopWindow(),
                System::nanoTime);
        CounterWithCallback.builder().name("helix_alerts_sent_total").help("Alerts delivered, by sink")
                .labelNames("sink").callback(cb -> alerts.counts().forEach(c -> cb.call(c.sent(), c.sink())))
                .register(metrics.registry());
        CounterWithCallback.builder().name("helix_alerts_failed_total")
                .help("Alerts given up on after their last attempt, by sink").labelNames("sink")
                .callback(cb -> alerts.counts().forEach(c -> cb.call(c.failed(), c.sink())))
                .register(metrics.registry());
        CounterWithCallback.builder().name("helix_alerts_dropped_total")
                .help("Alerts dropped because their sink's queue was full, by sink").labelNames("sink")
                .callback(cb -> alerts.counts().forEach(c -> cb.call(c.dropped(), c.sink())))
                .register(metrics.registry());
    }

    /** Metrics and the dashboard only: no alerts, no request log. */
    public static Observability defaults() {
        return create(ObservabilityConfig.DEFAULTS);
    }

    public static Observability create(ObservabilityConfig config) {
        return new Observability(config, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    /** Where the router, the runners and the backends publish. */
    public HelixEvents events() {
        return events;
    }

    public Metrics metrics() {
        return metrics;
    }

    public RecentRequests recent() {
        return recent;
    }

    /** The live feed, once the server started it. */
    LiveFeed live() {
        return live;
    }

    /** Starts the parts that need the server: the gauges read from its model access, and the live feed. */
    public synchronized void start(dev.helix.server.ModelAccess access) {
        if (live != null) {
            throw new IllegalStateException("started already");
        }
        StateGauges.register(metrics.registry(), access::ready, access::pending);
        live = new LiveFeed(liveInterval, access::pending);
    }

    /** A request is done: count it, log it, and (unless it is the dashboard's own) list it and feed it to the chart. */
    public void finished(FinishedRequest request) {
        metrics.record(request);
        if (requestLog != null) {
            requestLog.write(request);
        }
        if (request.api().equals("helix")) {
            return; // the dashboard's own polling would bury the requests it is there to show
        }
        recent.add(request);
        LiveFeed feed = live;
        if (feed != null) {
            feed.add(request);
        }
    }

    private void remember(HelixEvent event) {
        var entry = new EventEntry(clock.instant().toString(), kind(event), event.subject(), event.summary());
        synchronized (recentEvents) {
            recentEvents.addFirst(entry);
            if (recentEvents.size() > RECENT) {
                recentEvents.removeLast();
            }
        }
    }

    /** The latest events, newest first. */
    public List<EventEntry> recentEvents() {
        synchronized (recentEvents) {
            return List.copyOf(recentEvents);
        }
    }

    private static String kind(HelixEvent event) {
        String name = event.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        endFeeds();
        alerts.close();
        if (requestLog != null) {
            requestLog.close();
        }
    }

    /** Ends the live feeds' streams (the dashboard's), which a stopping server would otherwise wait for. */
    public void endFeeds() {
        LiveFeed feed = live;
        if (feed != null) {
            feed.close();
        }
    }
}
