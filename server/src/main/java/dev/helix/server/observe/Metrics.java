package dev.helix.server.observe;

import dev.helix.events.HelixEvent;
import dev.helix.events.HelixEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Helix's Prometheus metrics, in a registry of their own (never the library's global one): requests, latency,
 * time to first token, tokens and their rate, model loads and runners, backends and breakers, discovery and
 * alerts, plus the JVM's and the process's. Requests are counted by {@link #record}; everything else arrives as a
 * {@link HelixEvent} or is read at scrape time ({@link StateGauges}).
 */
public final class Metrics implements HelixEvents {
    /** Latency buckets: a cached answer in milliseconds up to a long CPU generation in minutes. */
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    private static final double[] TOKENS_PER_SECOND = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("helix_requests_total")
            .help("HTTP requests answered, by API, endpoint, model, backend and status")
            .labelNames("api", "endpoint", "model", "backend", "status").register(registry);
    private final Histogram duration = Histogram.builder().name("helix_request_duration_seconds")
            .help("Time from a request's arrival to its last byte").unit(Unit.SECONDS)
            .labelNames("api", "endpoint", "model").classicOnly().classicUpperBounds(SECONDS).register(registry);
    private final Histogram ttft = Histogram.builder().name("helix_time_to_first_token_seconds")
            .help("Time from a request's arrival to its first generated output (model load and queue included)")
            .unit(Unit.SECONDS).labelNames("api", "model", "backend").classicOnly().classicUpperBounds(SECONDS)
            .register(registry);
    private final Histogram wait = Histogram.builder().name("helix_model_wait_seconds")
            .help("Time requests waited for their model to load or for a free place").unit(Unit.SECONDS)
            .labelNames("model").classicOnly().classicUpperBounds(SECONDS).register(registry);
    private final Counter promptTokens = Counter.builder().name("helix_prompt_tokens_total")
            .help("Prompt tokens processed").labelNames("model", "backend").register(registry);
    private final Counter generatedTokens = Counter.builder().name("helix_generated_tokens_total")
            .help("Tokens generated").labelNames("model", "backend").register(registry);
    private final Histogram tokenRate = Histogram.builder().name("helix_generation_tokens_per_second")
            .help("Generated tokens per second of each request, after its first token").labelNames("model")
            .classicOnly().classicUpperBounds(TOKENS_PER_SECOND).register(registry);
    private final Counter loads = Counter.builder().name("helix_model_loads_total")
            .help("Models loaded").labelNames("model").register(registry);
    private final Histogram loadTime = Histogram.builder().name("helix_model_load_duration_seconds")
            .help("Time to load a model").unit(Unit.SECONDS).labelNames("model").classicOnly()
            .classicUpperBounds(SECONDS).register(registry);
    private final Counter loadFailures = Counter.builder().name("helix_model_load_failures_total")
            .help("Model loads that failed").labelNames("model").register(registry);
    private final Counter unloads = Counter.builder().name("helix_model_unloads_total")
            .help("Models unloaded").labelNames("model").register(registry);
    private final Counter runnerStarts = Counter.builder().name("helix_runner_starts_total")
            .help("Runner processes started").labelNames("model").register(registry);
    private final Counter runnerCrashes = Counter.builder().name("helix_runner_crashes_total")
            .help("Runner processes that died without being asked to").labelNames("model").register(registry);
    private final Counter runnerRestarts = Counter.builder().name("helix_runner_restarts_total")
            .help("Runners started for a model whose previous runner had died").labelNames("model").register(registry);
    private final Counter crashLoops = Counter.builder().name("helix_runner_crash_loops_total")
            .help("Times a model's runner was found crash-looping").labelNames("model").register(registry);
    private final Counter breakerTransitions = Counter.builder().name("helix_breaker_transitions_total")
            .help("Circuit breaker changes of state, by the state entered").labelNames("backend", "state")
            .register(registry);
    private final Counter backendTransitions = Counter.builder().name("helix_backend_health_transitions_total")
            .help("Backends going down and coming back up").labelNames("backend", "health").register(registry);
    private final Counter managedFailures = Counter.builder().name("helix_managed_provider_failures_total")
            .help("Failures of providers Helix manages").labelNames("provider").register(registry);
    private final Counter discoveryScans = Counter.builder().name("helix_discovery_scans_total")
            .help("Discovery scans finished").register(registry);
    private final Gauge discovered = Gauge.builder().name("helix_discovery_servers")
            .help("Servers the last discovery scan found").register(registry);

    public Metrics() {
        JvmMetrics.builder().register(registry);
    }

    /** The registry, for gauges read at scrape time and the alert sinks' counters. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts a finished request. */
    public void record(FinishedRequest r) {
        requests.labelValues(r.api(), r.endpoint(), r.model(), r.backend(), Integer.toString(r.status())).inc();
        duration.labelValues(r.api(), r.endpoint(), r.model()).observe(r.durationSeconds());
        if (r.model().isEmpty()) {
            return;
        }
        if (r.ttftSeconds() != null) {
            ttft.labelValues(r.api(), r.model(), r.backend()).observe(r.ttftSeconds());
            double generating = r.durationSeconds() - r.ttftSeconds();
            if (r.tokensOut() > 1 && generating > 0) {
                tokenRate.labelValues(r.model()).observe((r.tokensOut() - 1) / generating);
            }
        }
        wait.labelValues(r.model()).observe(r.waitSeconds());
        if (r.tokensIn() > 0) {
            promptTokens.labelValues(r.model(), r.backend()).inc(r.tokensIn());
        }
        if (r.tokensOut() > 0) {
            generatedTokens.labelValues(r.model(), r.backend()).inc(r.tokensOut());
        }
    }

    @Override
    public void publish(HelixEvent event) {
        switch (event) {
            case HelixEvent.ModelLoaded e -> {
                loads.labelValues(e.subject()).inc();
                loadTime.labelValues(e.subject()).observe(e.took().toNanos() / 1e9);
            }
            case HelixEvent.ModelLoadFailed e -> loadFailures.labelValues(e.subject()).inc();
            case HelixEvent.ModelUnloaded e -> unloads.labelValues(e.subject()).inc();
            case HelixEvent.RunnerStarted e -> runnerStarts.labelValues(e.subject()).inc();
            case HelixEvent.RunnerCrashed e -> runnerCrashes.labelValues(e.subject()).inc();
            case HelixEvent.RunnerRecovered e -> runnerRestarts.labelValues(e.subject()).inc();
            case HelixEvent.RunnerCrashLoop e -> crashLoops.labelValues(e.subject()).inc();
            case HelixEvent.BreakerChanged e -> breakerTransitions.labelValues(e.subject(), e.to()).inc();
            case HelixEvent.BackendDown e -> backendTransitions.labelValues(e.subject(), "down").inc();
            case HelixEvent.BackendUp e -> backendTransitions.labelValues(e.subject(), "up").inc();
            case HelixEvent.ManagedProviderFailed e -> managedFailures.labelValues(e.subject()).inc();
            case HelixEvent.DiscoveryScanned e -> {
                discoveryScans.inc();
                discovered.set(e.found());
            }
        }
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4). */
    public void scrape(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    public String contentType() {
        return writer.getContentType();
    }
}
