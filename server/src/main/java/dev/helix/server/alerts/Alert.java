package dev.helix.server.alerts;

import dev.helix.events.HelixEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An event worth telling an operator about, as every sink sends it.
 *
 * @param event    the event's name in models.yaml's {@code alerts.events} ({@code runner_crashed}, ...)
 * @param severity {@code critical}, {@code warning} or {@code resolved}
 * @param subject  the backend, model or provider it is about
 * @param details  the event's own fields, by name
 */
public record Alert(String event, String severity, String subject, String summary, Instant time, String host,
                    Map<String, Object> details) {
    public Alert {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The alert an event raises, if it raises one: not loads, unloads, starts, half-open breakers or scans. */
    public static Optional<Alert> of(HelixEvent event, Instant time, String host) {
        var details = new LinkedHashMap<String, Object>();
        String name;
        String severity;
        switch (event) {
            case HelixEvent.BackendDown e -> {
                name = "backend_down";
                severity = "critical";
                details.put("detail", e.detail());
            }
            case HelixEvent.BackendUp e -> {
                name = "backend_up";
                severity = "resolved";
                details.put("detail", e.detail());
            }
            case HelixEvent.BreakerChanged e when e.to().equals("OPEN") -> {
                name = "breaker_open";
                severity = "warning";
                details.put("from", e.from());
                details.put("why", e.why());
            }
            case HelixEvent.BreakerChanged e when e.to().equals("CLOSED") -> {
                name = "breaker_closed";
                severity = "resolved";
                details.put("from", e.from());
                details.put("why", e.why());
            }
            case HelixEvent.ModelLoadFailed e -> {
                name = "model_load_failed";
                severity = "critical";
                details.put("reason", e.reason());
            }
            case HelixEvent.RunnerCrashed e -> {
                name = "runner_crashed";
                severity = "critical";
                details.put("pid", e.pid());
                details.put("why", e.why());
            }
            case HelixEvent.RunnerRecovered e -> {
                name = "runner_recovered";
                severity = "resolved";
                details.put("pid", e.pid());
            }
            case HelixEvent.RunnerCrashLoop e -> {
                name = "runner_crash_loop";
                severity = "critical";
                details.put("crashes", e.crashes());
                details.put("window_seconds", e.window().toSeconds());
            }
            case HelixEvent.ManagedProviderFailed e -> {
                name = "managed_provider_failed";
                severity = "critical";
                details.put("reason", e.reason());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Alert(name, severity, event.subject(), event.summary(), time, host, details));
    }
}
