package dev.helix.providers.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What discovery scans and how patiently.
 *
 * @param hosts               hosts to scan (by default the loopback address only)
 * @param defaultPorts        whether to scan every profile's default ports
 * @param extraPorts          more ports to scan on each host
 * @param connectTimeout      the time to open a connection
 * @param probeTimeout        the time for each step of an identification (see {@link Fingerprinter})
 * @param maxConcurrentProbes probes in flight at once
 * @param interval            the time between periodic scans; zero switches them off
 * @param keys                API keys for servers that need one
 */
public record DiscoverySettings(List<String> hosts, boolean defaultPorts, List<Integer> extraPorts,
                                Duration connectTimeout, Duration probeTimeout, int maxConcurrentProbes,
                                Duration interval, ApiKeys keys) {

    /** 127.0.0.1 on every default port, half a second to connect, a second a step, a scan a minute. */
    public static final DiscoverySettings DEFAULTS = new DiscoverySettings(List.of("127.0.0.1"), true, List.of(),
            Duration.ofMillis(500), Duration.ofSeconds(1), 16, Duration.ofMinutes(1), ApiKeys.NONE);

    public DiscoverySettings {
        hosts = List.copyOf(hosts);
        extraPorts = List.copyOf(extraPorts);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(keys, "keys");
        if (hosts.isEmpty() || maxConcurrentProbes < 1 || interval.isNegative()
                || !connectTimeout.isPositive() || !probeTimeout.isPositive()) {
            throw new IllegalArgumentException("hosts, at least one probe at a time, positive timeouts, interval >= 0");
        }
        if (extraPorts.stream().anyMatch(p -> p < 1 || p > 65_535)) {
            throw new IllegalArgumentException("ports are 1..65535: " + extraPorts);
        }
    }

    /** Whether periodic scans are on. */
    public boolean periodic() {
        return !interval.isZero();
    }

    public DiscoverySettings withHosts(List<String> hosts) {
        return new DiscoverySettings(hosts, defaultPorts, extraPorts, connectTimeout, probeTimeout,
                maxConcurrentProbes, interval, keys);
    }

    /** These ports only, not the defaults. */
    public DiscoverySettings withOnlyPorts(List<Integer> ports) {
        return new DiscoverySettings(hosts, false, ports, connectTimeout, probeTimeout, maxConcurrentProbes,
                interval, keys);
    }

    public DiscoverySettings withTimeouts(Duration connect, Duration probe) {
        return new DiscoverySettings(hosts, defaultPorts, extraPorts, connect, probe, maxConcurrentProbes, interval,
                keys);
    }

    public DiscoverySettings withInterval(Duration interval) {
        return new DiscoverySettings(hosts, defaultPorts, extraPorts, connectTimeout, probeTimeout,
                maxConcurrentProbes, interval, keys);
    }

    public DiscoverySettings withKeys(ApiKeys keys) {
        return new DiscoverySettings(hosts, defaultPorts, extraPorts, connectTimeout, probeTimeout,
                maxConcurrentProbes, interval, keys);
    }
}
