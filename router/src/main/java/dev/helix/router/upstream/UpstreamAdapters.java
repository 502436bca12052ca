package dev.helix.router.upstream;

import dev.helix.provider.Provider;
import dev.helix.providers.adapter.Adapters;
import dev.helix.providers.adapter.UpstreamEndpoint;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.RoutingConfig;
import dev.helix.providers.discovery.DiscoverySettings;
import dev.helix.providers.managed.ManagedProvider;
import dev.helix.providers.managed.ProcessEventListener;
import dev.helix.providers.routing.Pause;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The adapters for configured providers, and the routing over them built from a configuration. */
public final class UpstreamAdapters {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamAdapters.class);

    private UpstreamAdapters() {
    }

    /** The adapter for a configured provider, in the dialect its kind speaks best of those Helix has adapters for. */
    public static Provider open(ProviderConfig config) {
        return open(UpstreamEndpoints.of(config));
    }

    /**
     * The provider for a configured entry: its adapter, behind a {@link ManagedProvider} that runs the server when the
     * entry has a {@code managed} block.
     */
    public static Provider open(ProviderConfig config, ProcessEventListener events) {
        if (config.managed() == null) {
            return open(config);
        }
        try {
            return new ManagedProvider(config.managed(), config.models(), config::endpointOn,
                    base -> open(UpstreamEndpoints.of(config, base)), events, InstantSource.system(), Pause.SLEEP);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the log of provider " + config.name() + ": " + e, e);
        }
    }

    /** The adapter for an endpoint, configured or discovered: the one for its kind's preferred dialect. */
    public static Provider open(UpstreamEndpoint endpoint) {
        return Adapters.open(endpoint);
    }

    /** Discovery as models.yaml's {@code discovery} section sets it. */
    public static DiscoverySettings discovery(RoutingConfig routing) {
        var d = DiscoverySettings.DEFAULTS;
        return new DiscoverySettings(routing.discoveryHosts(), true, routing.discoveryPorts(), d.connectTimeout(),
                d.probeTimeout(), d.maxConcurrentProbes(), routing.discoveryInterval(), d.keys());
    }

    /** The configured providers and aliases over these local models, not started. */
    public static Upstreams configured(HelixConfig config, LocalModels local) {
        return configured(config, local, dev.helix.events.HelixEvents.NONE, ProcessEventListener.log());
    }

    /** The same, publishing backends' health, breakers and discovery to {@code events}. */
    public static Upstreams configured(HelixConfig config, LocalModels local, dev.helix.events.HelixEvents events) {
        return configured(config, local, events, ProcessEventListener.log());
    }

    /** The same, the managed providers' process events going to {@code processes}. */
    public static Upstreams configured(HelixConfig config, LocalModels local, ProcessEventListener processes) {
        return configured(config, local, dev.helix.events.HelixEvents.NONE, processes);
    }

    /**
     * The configured providers and aliases over these local models, not started: backends' health, breakers and
     * discovery published to {@code events}, the managed providers' process events to {@code processes}.
     */
    public static Upstreams configured(HelixConfig config, LocalModels local, dev.helix.events.HelixEvents events,
                                       ProcessEventListener processes) {
        return new Upstreams(config.providers(), config.aliases(), config.routing(), c -> open(c, processes), local,
                InstantSource.system(), System::nanoTime, change -> LOG.info("backend {}: {} -> {} ({})",
                change.backend(), change.from().status(), change.to().status(), change.to().detail()), events);
    }
}
