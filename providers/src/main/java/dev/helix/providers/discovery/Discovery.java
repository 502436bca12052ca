package dev.helix.providers.discovery;

import dev.helix.providers.upstream.ServerProfiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the LLM servers running on the configured hosts: every host × every profile's default port (and the extra
 * ports), each identified by its fingerprints, all at once. A scan ends within its own time limit however the targets
 * misbehave. Scans can repeat on an interval (an injected {@link Scheduler}; an interval of zero switches them off).
 */
public final class Discovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private final Fingerprinter fingerprinter;
    private final DiscoverySettings settings;
    private final Scheduler scheduler;
    private final Runnable release;
    private final AtomicReference<List<DiscoveredServer>> latest = new AtomicReference<>(List.of());
    private Scheduler.Handle periodic;
    private boolean closed;

    /** Discovery through a fingerprinter the caller owns. */
    public Discovery(Fingerprinter fingerprinter, DiscoverySettings settings, Scheduler scheduler) {
        this(fingerprinter, settings, scheduler, () -> { });
    }

    private Discovery(Fingerprinter fingerprinter, DiscoverySettings settings, Scheduler scheduler, Runnable release) {
        this.fingerprinter = Objects.requireNonNull(fingerprinter, "fingerprinter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.release = release;
    }

    /** Discovery with an HTTP client of its own (HTTP/1.1, virtual threads), closed with it. */
    public static Discovery create(DiscoverySettings settings, Clock clock, Scheduler scheduler) {
        var threads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.connectTimeout())
                .executor(threads).build();
        var fingerprinter = new Fingerprinter(client, settings.probeTimeout(), settings.maxConcurrentProbes(), clock);
        return new Discovery(fingerprinter, settings, scheduler, () -> {
            client.shutdownNow();
            threads.close();
        });
    }

    /** What a scan probes: {@code http://host:port/} for each host and port, in order. */
    public List<URI> targets() {
        var ports = new TreeSet<Integer>(settings.extraPorts());
        if (settings.defaultPorts()) {
            ports.addAll(ServerProfiles.defaultPorts());
        }
        var targets = new ArrayList<URI>();
        for (String host : settings.hosts()) {
            String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            ports.forEach(port -> targets.add(URI.create("http://" + literal + ":" + port + "/")));
        }
        return targets;
    }

    /** Scans every target once; the servers found, by base URL. */
    public List<DiscoveredServer> scan() {
        List<DiscoveredServer> found = identifyAll().stream()
                .flatMap(i -> i instanceof Identification.Found(DiscoveredServer server) ? Stream.of(server)
                        : Stream.empty())
                .sorted(Comparator.comparing(s -> s.baseUrl().toString())).toList();
        latest.set(found);
        return found;
    }

    /** Scans every target once; what each one turned out to be, in target order (none left out). */
    public List<Identification> identifyAll() {
        List<URI> targets = targets();
        List<Callable<Identification>> tasks = targets.stream()
                .<Callable<Identification>>map(t -> () -> fingerprinter.identify(t, settings.keys().keyFor(t)))
                .toList();
        Duration limit = fingerprinter.budget().plus(settings.connectTimeout()).plus(settings.probeTimeout());
        var results = new ArrayList<Identification>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Identification>> futures = threads.invokeAll(tasks, limit.toNanos(), TimeUnit.NANOSECONDS);
            for (int i = 0; i < futures.size(); i++) {
                results.add(outcome(targets.get(i), futures.get(i)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        results.stream().filter(r -> r instanceof Identification.Nothing n && n.why() != Identification.Why.REFUSED)
                .forEach(r -> LOG.debug("discovery: {}", r));
        return results;
    }

    /** The servers the last scan found. */
    public List<DiscoveredServer> latest() {
        return latest.get();
    }

    /**
     * Scans every interval from now on, handing each scan's servers to {@code onScan}; does nothing (and says so)
     * when the interval is zero.
     */
    public synchronized boolean start(Consumer<List<DiscoveredServer>> onScan) {
        Objects.requireNonNull(onScan, "onScan");
        if (closed || periodic != null) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        if (!settings.periodic()) {
            return false;
        }
        periodic = scheduler.every(settings.interval(), () -> {
            try {
                onScan.accept(scan());
            } catch (RuntimeException e) {
                LOG.warn("discovery scan failed; the next one runs as planned", e);
            }
        });
        return true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (periodic != null) {
            periodic.cancel();
        }
        release.run();
    }

    private static Identification outcome(URI target, Future<Identification> future) {
        try {
            return future.get();
        } catch (CancellationException e) {
            return new Identification.Nothing(target, Identification.Why.TIMED_OUT, "scan time limit reached");
        } catch (ExecutionException e) {
            return new Identification.Nothing(target, Identification.Why.UNRECOGNISED, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Identification.Nothing(target, Identification.Why.TIMED_OUT, "interrupted");
        }
    }
}
