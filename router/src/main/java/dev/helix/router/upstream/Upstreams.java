package dev.helix.router.upstream;

import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import dev.helix.providers.adapter.UpstreamEndpoint;
import dev.helix.providers.discovery.DiscoveredServer;
import dev.helix.providers.discovery.Discovery;
import dev.helix.providers.discovery.DiscoverySettings;
import dev.helix.providers.discovery.Scheduler;
import dev.helix.providers.health.HealthMonitor;
import dev.helix.providers.managed.ManagedProvider;
import dev.helix.providers.routing.Backend;
import dev.helix.providers.routing.BackendGroup;
import dev.helix.providers.routing.CircuitBreaker;
import dev.helix.providers.routing.Pause;
import dev.helix.providers.routing.RetryPolicy;
import dev.helix.providers.routing.Strategy;
import dev.helix.providers.routing.Target;
import dev.helix.router.config.AliasConfig;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.ProviderTypes;
import dev.helix.router.config.RoutingConfig;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external servers Helix fronts and the routing over them: one {@link Backend} per provider (its adapter, circuit
 * breaker, in-flight count and latency), Helix's own models as one more backend ({@link LocalBackend}, priority 0),
 * and a {@link RoutingTable} from public names to {@link BackendGroup}s, rebuilt after every health round because
 * the backends' model lists may have changed. Health comes from one {@link HealthMonitor} round on an interval;
 * requests read the cached answers. Owns and closes the adapters.
 */
public final class Upstreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);

    private final RoutingConfig routing;
    private final LocalModels localModels;
    private final Backend local;
    /** By id, configured ones first in the file's order, then discovered ones as found: ties keep this order. */
    private final Map<String, UpstreamBackend> upstreams = new LinkedHashMap<>();
    private final List<AliasConfig> aliases;
    private final HealthMonitor monitor;
    private final LongSupplier nanoClock;
    private final Map<String, Strategy> strategies = new ConcurrentHashMap<>();
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private ScheduledExecutorService scheduler;
    private Discovery discovery;
    private java.util.Set<String> self = java.util.Set.of();
    private final dev.helix.events.HelixEvents events;
    /** The configured providers Helix runs itself, by name. */
    private final Map<String, ManagedProvider> managed = new LinkedHashMap<>();

    /**
     * @param adapters opens the adapter for a configured provider
     * @param changes  receives every backend's change of health (for logs and alerts)
     */
    public Upstreams(List<ProviderConfig> providers, List<AliasConfig> aliases, RoutingConfig routing,
                     Function<ProviderConfig, Provider> adapters, LocalModels localModels, InstantSource clock,
                     LongSupplier nanoClock, java.util.function.Consumer<HealthMonitor.Change> changes) {
        this(providers, aliases, routing, adapters, localModels, clock, nanoClock, changes,
                dev.helix.events.HelixEvents.NONE);
    }

    /**
     * @param events receives backends going down and up, breakers opening and closing, and discovery's results
     */
    public Upstreams(List<ProviderConfig> providers, List<AliasConfig> aliases, RoutingConfig routing,
                     Function<ProviderConfig, Provider> adapters, LocalModels localModels, InstantSource clock,
                     LongSupplier nanoClock, java.util.function.Consumer<HealthMonitor.Change> changes,
                     dev.helix.events.HelixEvents events) {
        this.events = events;
        this.routing = routing;
        this.localModels = localModels;
        this.aliases = List.copyOf(aliases);
        this.nanoClock = nanoClock;
        this.local = new Backend(new LocalBackend(localModels), new Backend.Settings(0, 1, 0), breaker(LocalBackend.ID));
        this.monitor = new HealthMonitor(clock, changes.andThen(this::publish));
        for (ProviderConfig config : providers) {
            Provider adapter = adapters.apply(config);
            var backend = new Backend(adapter, new Backend.Settings(config.priority(), config.weight(),
                    config.maxInFlight(), config.maxRetries()), breaker(adapter.id()));
            upstreams.put(adapter.id(), new UpstreamBackend(config.type(), config.endpoint().toString(), false,
                    backend));
            monitor.watch(adapter);
            if (adapter instanceof ManagedProvider m) {
                managed.put(m.id(), m);
            }
        }
        rebuild();
    }

    /** A provider Helix runs itself, by its name in models.yaml. */
    public Optional<ManagedProvider> managed(String name) {
        return Optional.ofNullable(managed.get(name));
    }

    /** The providers Helix runs itself, in the file's order. */
    public List<ManagedProvider> managed() {
        return List.copyOf(managed.values());
    }

    private CircuitBreaker breaker(String id) {
        return new CircuitBreaker(id, new CircuitBreaker.Settings(routing.breakerFailures(), routing.breakerCoolDown()),
                nanoClock, change -> {
                    LOG.warn("backend {}: circuit {} -> {} ({})", change.backend(), change.from(), change.to(),
                            change.why());
                    events.publish(new dev.helix.events.HelixEvent.BreakerChanged(change.backend(),
                            change.from().name(), change.to().name(), change.why()));
                });
    }

    /** A change of health as an event: DOWN is down, DOWN to anything else is back up. */
    private void publish(HealthMonitor.Change change) {
        if (change.to().status() == Health.Status.DOWN) {
            events.publish(new dev.helix.events.HelixEvent.BackendDown(change.backend(), change.to().detail()));
        } else if (change.from().status() == Health.Status.DOWN) {
            events.publish(new dev.helix.events.HelixEvent.BackendUp(change.backend(), change.to().detail()));
        }
    }

    /** Probes every backend now, then rebuilds the routing table from what they list. */
    public void checkNow() throws InterruptedException {
        monitor.checkNow();
        rebuild();
    }

    /** Probes on the configured interval from now on, on a daemon thread of its own, the first round at once. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("helix-health").unstarted(task));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                checkNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("health round failed: {}", e.toString());
            }
        }, 0, routing.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
        managed.values().stream().filter(m -> m.process().spec().startAtLaunch()).forEach(m -> m.process().start());
    }

    private synchronized void rebuild() {
        var resolved = new ArrayList<RoutingTable.Alias>();
        for (AliasConfig alias : aliases) {
            var targets = new ArrayList<Target>();
            for (AliasConfig.Target t : alias.targets()) {
                Backend backend = t.local() ? local : Optional.ofNullable(upstreams.get(t.provider()))
                        .map(UpstreamBackend::backend).orElse(null);
                if (backend != null) {
                    targets.add(new Target(backend, t.model()));
                }
            }
            if (!targets.isEmpty()) {
                resolved.add(new RoutingTable.Alias(alias.name(), targets));
            }
        }
        table = RoutingTable.build(local, localModels, List.copyOf(upstreams.values()), resolved, this::group);
    }

    private BackendGroup group(String name, List<Target> targets) {
        Strategy strategy = strategies.computeIfAbsent(name, n -> strategyFor(n));
        var retry = new RetryPolicy(1, routing.retryBaseDelay(), routing.retryMaxDelay());
        return new BackendGroup(name, targets, new BackendGroup.Settings(strategy, retry, Pause.SLEEP,
                RandomGenerator.getDefault(), nanoClock));
    }

    private Strategy strategyFor(String name) {
        for (AliasConfig alias : aliases) {
            if (alias.name().equals(name)) {
                String chosen = alias.strategy() != null ? alias.strategy() : routing.strategy();
                Strategy strategy = Strategy.named(chosen);
                // An alias's list is its priority order.
                return strategy instanceof Strategy.Priority ? new Strategy.InOrder() : strategy;
            }
        }
        return Strategy.named(routing.strategy());
    }

    /**
     * Finds local servers on the configured hosts and ports now and on the discovery interval, and routes to them
     * like configured ones. A server at a configured provider's address, or at one of {@code self} (this Helix's own
     * addresses), is left out; one that needs a key nobody configured is logged and left out.
     */
    public synchronized void startDiscovery(DiscoverySettings settings, List<URI> self) {
        if (scheduler == null) {
            throw new IllegalStateException("start() first");
        }
        if (discovery != null) {
            throw new IllegalStateException("discovery started already");
        }
        this.self = self.stream().map(Upstreams::address).collect(java.util.stream.Collectors.toSet());
        discovery = Discovery.create(settings, java.time.Clock.systemUTC(), Scheduler.of(scheduler));
        Discovery d = discovery;
        scheduler.execute(() -> accept(d.scan()));
        d.start(this::accept);
    }

    /**
     * Takes a scan's servers: new ones become backends (probed at once), ones no longer found are dropped, and the
     * routing table is rebuilt. Configured providers are never touched.
     */
    public synchronized void accept(List<DiscoveredServer> found) {
        var configured = new java.util.HashSet<String>();
        upstreams.values().stream().filter(u -> !u.discovered()).forEach(u -> configured.add(address(URI.create(
                u.endpoint()))));
        var seen = new java.util.HashSet<String>();
        var added = new ArrayList<Provider>();
        int removed = 0;
        for (DiscoveredServer server : found) {
            String address = address(server.baseUrl());
            if (configured.contains(address) || self.contains(address)) {
                continue;
            }
            String id = ProviderTypes.canonical(server.kind()) + "@" + address;
            seen.add(id);
            if (upstreams.containsKey(id)) {
                continue;
            }
            if (server.needsKey()) {
                LOG.info("discovery: {} at {} needs an API key; add it under providers: in models.yaml to use it",
                        server.profile().name(), server.baseUrl());
                continue;
            }
            Provider adapter;
            try {
                adapter = UpstreamAdapters.open(UpstreamEndpoint.of(id, server.profile(), server.baseUrl()));
            } catch (IllegalArgumentException e) {
                LOG.info("discovery: {} at {} left out: {}", server.profile().name(), server.baseUrl(), e.getMessage());
                continue;
            }
            LOG.info("discovery: found {} at {} ({} model(s))", server.profile().name(), server.baseUrl(),
                    server.models().size());
            upstreams.put(id, new UpstreamBackend(ProviderTypes.canonical(server.kind()), server.baseUrl().toString(),
                    true, new Backend(adapter, Backend.Settings.DEFAULTS, breaker(id))));
            monitor.watch(adapter);
            added.add(adapter);
        }
        for (var gone : List.copyOf(upstreams.values())) {
            if (gone.discovered() && !seen.contains(gone.id())) {
                LOG.info("discovery: {} is no longer found", gone.id());
                upstreams.remove(gone.id());
                monitor.unwatch(gone.id());
                gone.backend().provider().close();
                removed++;
            }
        }
        added.forEach(Provider::probe);
        rebuild();
        events.publish(new dev.helix.events.HelixEvent.DiscoveryScanned("discovery", found.size(), added.size(),
                removed));
    }

    /** host:port of a URL, with localhost and 127.0.0.1 alike. */
    private static String address(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (host.equals("localhost") || host.equals("[::1]") || host.equals("::1")) {
            host = "127.0.0.1";
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return host + ":" + port;
    }

    /** The group serving a name, when backends serve it; empty for names only Helix serves (or nobody). */
    public Optional<BackendGroup> route(String name) {
        return table.route(name);
    }

    /** The names only external backends serve, each once, described as their backends list them. */
    public List<ModelInfo> models() {
        return table.models();
    }

    /** Every backend as {@code /helix/providers} shows them: Helix's own, the configured ones, the discovered. */
    public synchronized List<BackendStatus> status() {
        var out = new ArrayList<BackendStatus>();
        out.add(status(local, "helix-local", "", "local", Health.up(),
                localModels.localModels().stream().map(ModelInfo::name).toList()));
        for (UpstreamBackend u : upstreams.values()) {
            Provider p = u.backend().provider();
            out.add(status(u.backend(), u.kind(), u.endpoint(), u.discovered() ? "discovered"
                            : managed.containsKey(u.id()) ? "managed" : "configured",
                    p.health(), p.models().stream().map(ModelInfo::name).toList()));
        }
        return out;
    }

    private static BackendStatus status(Backend b, String kind, String endpoint, String source, Health health,
                                        List<String> models) {
        return new BackendStatus(b.id(), kind, endpoint, source, health.status().name(), health.detail(),
                b.breaker().state().name(), b.breaker().consecutiveFailures(), b.inFlight(),
                b.latency().toNanos() / 1e6, b.settings().priority(), b.settings().weight(), models);
    }

    @Override
    public synchronized void close() {
        if (discovery != null) {
            discovery.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        monitor.close();
        upstreams.values().forEach(u -> u.backend().provider().close());
    }
}
