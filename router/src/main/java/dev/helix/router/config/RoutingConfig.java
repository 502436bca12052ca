package dev.helix.router.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How Helix chooses among backends and watches them, from {@code models.yaml}:
 * <pre>{@code
 * routing:
 *   strategy: priority          # the default for every name several backends serve
 *   max_retries: 1              # the default per provider
 *   retry_base_delay: 100ms     # exponential backoff with jitter, capped at retry_max_delay
 *   retry_max_delay: 2s
 *   breaker_failures: 3         # failures in a row that open a backend's circuit
 *   breaker_cool_down: 30s      # then one trial request
 * health:
 *   interval: 30s
 * discovery:
 *   enabled: true               # probe the known default ports of these hosts for local servers
 *   hosts: [127.0.0.1]
 *   ports: []                   # more ports to probe
 *   interval: 60s
 * }</pre>
 */
public record RoutingConfig(String strategy, Duration retryBaseDelay, Duration retryMaxDelay, int breakerFailures,
                            Duration breakerCoolDown, Duration healthInterval, boolean discovery,
                            List<String> discoveryHosts, List<Integer> discoveryPorts, Duration discoveryInterval) {
    public static final RoutingConfig DEFAULTS = new RoutingConfig("priority", Duration.ofMillis(100),
            Duration.ofSeconds(2), 3, Duration.ofSeconds(30), Duration.ofSeconds(30), true, List.of("127.0.0.1"),
            List.of(), Duration.ofSeconds(60));

    public RoutingConfig {
        Objects.requireNonNull(strategy, "strategy");
        discoveryHosts = List.copyOf(discoveryHosts);
        discoveryPorts = List.copyOf(discoveryPorts);
    }

    public RoutingConfig withDiscovery(boolean value) {
        return new RoutingConfig(strategy, retryBaseDelay, retryMaxDelay, breakerFailures, breakerCoolDown,
                healthInterval, value, discoveryHosts, discoveryPorts, discoveryInterval);
    }
}
