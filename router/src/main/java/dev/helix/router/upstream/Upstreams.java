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
import java.time.Duration;
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
 * the backends' model lists may have changed, and swapped whole. Health comes from one {@link HealthMonitor} round on
 * an interval; requests read the cached answers. A reloaded configuration replaces providers, aliases and routing
 * settings live ({@link #reconfigure}); a request holds the backends of the table it was routed by
 * ({@link #lease}), so one taken out of service is closed only after its last request. Owns and closes the adapters.
 */
public final class Upstreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);

    private final LocalModels localModels;
    private final Backend local;
    private final Function<ProviderConfig, Provider> adapters;
    /** Guarded by this object's lock. */
    private final Backends backends = new Backends();
    private volatile RoutingConfig routing;
    private volatile List<AliasConfig> aliases;
    private final HealthMonitor monitor;
    private final LongSupplier nanoClock;
    private final Map<String, Strategy> strategies = new ConcurrentHashMap<>();
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private ScheduledExecutorService scheduler;
    private java.util.concurrent.ScheduledFuture<?> rounds;
    private final DownRetries downRetries = new DownRetries();
    private Discovery discovery;
    private java.util.Set<String> self = java.util.Set.of();
    private final dev.helix.events.HelixEvents events;

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
        this.adapters = adapters;
        this.aliases = List.copyOf(aliases);
        this.nanoClock = nanoClock;
        this.local = new Backend(new LocalBackend(localModels), new Backend.Settings(0, 1, 0), breaker(LocalBackend.ID));
        this.monitor = new HealthMonitor(clock, changes.andThen(this::publish));
        synchronized (this) {
            for (ProviderConfig config : providers) {
                put(config, adapters.apply(config));
            }
            rebuild();
        }
    }

    /**
     * Puts a configured provider's backend in place of the one of that name, and returns that one's life to retire
     * once the new table is in place (null when there was none).
     */
    private BackendLife put(ProviderConfig config, Provider adapter) {
        var backend = new Backend(adapter, new Backend.Settings(config.priority(), config.weight(),
                config.maxInFlight(), config.maxRetries()), breaker(adapter.id()));
        BackendLife replaced = backends.put(new UpstreamBackend(config.type(), config.endpoint().toString(), false,
                backend), config);
        monitor.watch(adapter); // in place of the one it replaces
        return replaced;
    }

    private BackendLife remove(String id) {
        monitor.unwatch(id);
        return backends.remove(id);
    }

    /**
     * Serves a reloaded configuration from now on: providers added are opened, probed (so their models route at
     * once) and watched; providers removed stop getting requests; a provider whose settings changed (endpoint, key,
     * timeout, models, weight, priority, headers, managed block...) is opened anew beside the old one. Aliases and
     * routing settings apply to the next request. Requests in flight finish on the backends they hold; a backend
     * taken out of service is closed (its connections, a managed server's process) when the last of them ends.
     * Discovery's settings take effect at the next start. Discovered backends are left as they are.
     *
     * @throws RuntimeException when a provider cannot be opened (e.g. a managed one's log): nothing is changed
     */
    public void reconfigure(List<ProviderConfig> providers, List<AliasConfig> aliases, RoutingConfig routing) {
        List<ProviderConfig> opening;
        synchronized (this) {
            opening = providers.stream().filter(p -> !p.equals(backends.config(p.name()))).toList();
        }
        var opened = new LinkedHashMap<String, Provider>();
        try {
            for (ProviderConfig config : opening) {
                opened.put(config.name(), adapters.apply(config));
            }
        } catch (RuntimeException e) {
            opened.values().forEach(Provider::close);
            throw e;
        }
        probe(opened.values());
        var removed = new ArrayList<BackendLife>();
        synchronized (this) {
            RoutingConfig before = this.routing;
            this.routing = routing;
            this.aliases = List.copyOf(aliases);
            strategies.clear();
            var wanted = providers.stream().map(ProviderConfig::name).collect(java.util.stream.Collectors.toSet());
            for (String name : backends.configured()) {
                if (!wanted.contains(name)) {
                    removed.add(remove(name));
                    LOG.info("provider {} removed; requests in flight on it finish first", name);
                }
            }
            for (ProviderConfig config : opening) {
                removed.add(put(config, opened.get(config.name())));
                LOG.info("provider {} {}", config.name(), removed.getLast() == null ? "added" : "changed");
            }
            backends.reorder(providers);
            rebuild();
            if (scheduler != null && !routing.healthInterval().equals(before.healthInterval())) {
                scheduleRounds(routing.healthInterval().toMillis());
            }
            if (discoveryChanged(before, routing)) {
                LOG.warn("discovery settings changed: they take effect at the next start of helix serve");
            }
        }
        // Outside the lock: closing a managed provider stops its process, which may take its grace period.
        Backends.retire(removed);
        synchronized (this) {
            backends.sweep();
            if (scheduler != null) { // started: a managed one that starts at launch starts now (after the old stopped)
                opened.values().stream().filter(p -> p instanceof ManagedProvider m
                        && m.process().spec().startAtLaunch()).forEach(p -> ((ManagedProvider) p).process().start());
            }
        }
    }

    private static boolean discoveryChanged(RoutingConfig a, RoutingConfig b) {
        return a.discovery() != b.discovery() || !a.discoveryHosts().equals(b.discoveryHosts())
                || !a.discoveryPorts().equals(b.discoveryPorts()) || !a.discoveryInterval().equals(b.discoveryInterval());
    }

    /** Probes new backends all at once, each bounded by its own timeouts. */
    private static void probe(java.util.Collection<Provider> providers) {
        try (var probes = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            providers.forEach(p -> probes.execute(() -> {
                try {
                    p.probe();
                } catch (RuntimeException e) {
                    LOG.warn("provider {}: first probe failed: {}", p.id(), e.toString());
                }
            }));
        }
    }

    /** A provider Helix runs itself, by its name in models.yaml. */
    public synchronized Optional<ManagedProvider> managed(String name) {
        return Optional.ofNullable(backends.managed(name));
    }

    /** The providers Helix runs itself, in the file's order. */
    public synchronized List<ManagedProvider> managed() {
        return backends.managed();
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
        scheduleRounds(0);
        backends.managed().stream().filter(m -> m.process().spec().startAtLaunch()).forEach(m -> m.process().start());
    }

    private void scheduleRounds(long firstDelayMillis) {
        if (rounds != null) {
            rounds.cancel(false);
        }
        rounds = scheduler.scheduleWithFixedDelay(this::round, firstDelayMillis, routing.healthInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One round of probes; a backend found down brings the next round forward ({@link DownRetries}). */
    private void round() {
        try {
            checkNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("health round failed: {}", e.toString());
        }
        boolean anyDown = backends.all().stream().anyMatch(u ->
                monitor.observation(u.backend().id()).health().status() == Health.Status.DOWN);
        Duration early = downRetries.after(anyDown, routing.healthInterval());
        ScheduledExecutorService on = scheduler;
        if (early != null && on != null) {
            try {
                on.schedule(() -> {
                    downRetries.started();
                    round();
                }, early.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed meanwhile: no more rounds
            }
        }
    }

    /** Rebuilds the routing table now, e.g. after Helix's own models changed. */
    public void refresh() {
        rebuild();
    }

    private synchronized void rebuild() {
        var resolved = new ArrayList<RoutingTable.Alias>();
        for (AliasConfig alias : aliases) {
            var targets = new ArrayList<Target>();
            for (AliasConfig.Target t : alias.targets()) {
                Backend backend = t.local() ? local : Optional.ofNullable(backends.get(t.provider()))
                        .map(UpstreamBackend::backend).orElse(null);
                if (backend != null) {
                    targets.add(new Target(backend, t.model()));
                }
            }
            if (!targets.isEmpty()) {
                resolved.add(new RoutingTable.Alias(alias.name(), targets));
            }
        }
        table = RoutingTable.build(local, localModels, backends.all(), resolved, this::group, backends::life);
    }

    private BackendGroup group(String name, List<Target> targets) {
        Strategy strategy = strategies.computeIfAbsent(name, n -> strategyFor(n));
        var retry = new RetryPolicy(1, routing.retryBaseDelay(), routing.retryMaxDelay());
        return new BackendGroup(name, targets, new BackendGroup.Settings(strategy, retry, Pause.SLEEP,
                RandomGenerator.getDefault(), nanoClock));
    }

    private Strategy strategyFor(String name) {
        RoutingConfig routing = this.routing;
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
        backends.all().stream().filter(u -> !u.discovered()).forEach(u -> configured.add(address(URI.create(
                u.endpoint()))));
        var seen = new java.util.HashSet<String>();
        var added = new ArrayList<Provider>();
        var removed = new ArrayList<BackendLife>();
        for (DiscoveredServer server : found) {
            String address = address(server.baseUrl());
            if (configured.contains(address) || self.contains(address)) {
                continue;
            }
            String id = ProviderTypes.canonical(server.kind()) + "@" + address;
            seen.add(id);
            if (backends.contains(id)) {
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
            backends.put(new UpstreamBackend(ProviderTypes.canonical(server.kind()), server.baseUrl().toString(),
                    true, new Backend(adapter, Backend.Settings.DEFAULTS, breaker(id))), null);
            monitor.watch(adapter);
            added.add(adapter);
        }
        for (var gone : backends.all()) {
            if (gone.discovered() && !seen.contains(gone.id())) {
                LOG.info("discovery: {} is no longer found", gone.id());
                removed.add(remove(gone.id()));
            }
        }
        added.forEach(Provider::probe);
        rebuild();
        Backends.retire(removed); // discovered ones are plain adapters: closing one is quick
        backends.sweep();
        events.publish(new dev.helix.events.HelixEvent.DiscoveryScanned("discovery", found.size(), added.size(),
                removed.size()));
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
        return table.route(name).map(RoutingTable.Route::group);
    }

    /**
     * A lease on the group serving a name, holding its external backends open until it closes (a reload meanwhile
     * lets the request finish on them); empty for names only Helix serves (or nobody).
     */
    public Optional<RoutedLease> lease(String name) {
        while (true) {
            RoutingTable now = table;
            var route = now.route(name);
            if (route.isEmpty()) {
                return Optional.empty();
            }
            var held = new ArrayList<BackendLife>();
            for (BackendLife life : route.get().lives()) {
                if (!life.hold()) {
                    break;
                }
                held.add(life);
            }
            if (held.size() == route.get().lives().size()) {
                // the group's own name: "m" may have been asked for as "m:latest", or the other way round
                return Optional.of(new RoutedLease(route.get().group().name(), route.get().group(), held));
            }
            // A reload retired and closed one of them after this table was replaced: read the new one.
            held.forEach(BackendLife::release);
            Thread.onSpinWait();
        }
    }

    /** The provider of a backend in service, by id (a configured provider's name). */
    public Optional<Provider> provider(String id) {
        synchronized (this) {
            return Optional.ofNullable(backends.get(id)).map(u -> u.backend().provider());
        }
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
        for (UpstreamBackend u : backends.all()) {
            Provider p = u.backend().provider();
            out.add(status(u.backend(), u.kind(), u.endpoint(), u.discovered() ? "discovered"
                            : backends.isManaged(u.id()) ? "managed" : "configured",
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
        backends.closeAll();
    }
}
