package dev.helix.router.upstream;

import dev.helix.providers.managed.ManagedProvider;
import dev.helix.providers.routing.Backend;
import dev.helix.router.config.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The external backends in service, each with its {@link BackendLife}, the configuration a configured one was opened
 * with, and the ones a reload took out of service that still finish requests. Not thread-safe: {@link Upstreams}
 * guards it with its lock.
 */
final class Backends {
    /** By id, configured ones first in the file's order, then discovered ones as found: ties keep this order. */
    private final Map<String, UpstreamBackend> inService = new LinkedHashMap<>();
    private final Map<String, BackendLife> lives = new LinkedHashMap<>();
    /** The configuration each configured provider was opened with, by name. */
    private final Map<String, ProviderConfig> configs = new LinkedHashMap<>();
    /** The configured providers Helix runs itself, by name. */
    private final Map<String, ManagedProvider> managed = new LinkedHashMap<>();
    /** Taken out of service, not closed yet: their last requests have not ended. */
    private final List<BackendLife> retiring = new ArrayList<>();

    /**
     * Puts a backend in service in place of the one of its id, and returns that one's life, to {@link #retire} once
     * the routing no longer names it (null when there was none).
     *
     * @param config its configuration, or null for a discovered one
     */
    BackendLife put(UpstreamBackend backend, ProviderConfig config) {
        BackendLife replaced = remove(backend.id());
        inService.put(backend.id(), backend);
        lives.put(backend.id(), new BackendLife(backend.backend().provider()));
        if (config != null) {
            configs.put(config.name(), config);
        }
        if (backend.backend().provider() instanceof ManagedProvider m) {
            managed.put(m.id(), m);
        }
        return replaced;
    }

    /** Takes a backend out of service and returns its life, to {@link #retire}; null when there is none. */
    BackendLife remove(String id) {
        UpstreamBackend gone = inService.remove(id);
        if (gone == null) {
            return null;
        }
        configs.remove(id);
        managed.remove(id);
        BackendLife life = lives.remove(id);
        retiring.add(life);
        return life;
    }

    /** Retires lives taken out of service: each closes when its last request ends (now, when none holds it). */
    static void retire(List<BackendLife> removed) {
        removed.stream().filter(java.util.Objects::nonNull).forEach(BackendLife::retire);
    }

    /** Forgets the retired ones that have closed. */
    void sweep() {
        retiring.removeIf(BackendLife::closed);
    }

    /** Configured backends in the file's order, then the discovered ones as they were found. */
    void reorder(List<ProviderConfig> providers) {
        var all = new LinkedHashMap<>(inService);
        inService.clear();
        providers.forEach(p -> {
            UpstreamBackend u = all.remove(p.name());
            if (u != null) {
                inService.put(p.name(), u);
            }
        });
        inService.putAll(all);
    }

    UpstreamBackend get(String id) {
        return inService.get(id);
    }

    boolean contains(String id) {
        return inService.containsKey(id);
    }

    List<UpstreamBackend> all() {
        return List.copyOf(inService.values());
    }

    /** The configuration a configured provider was opened with, or null. */
    ProviderConfig config(String name) {
        return configs.get(name);
    }

    /** The configured providers' names. */
    List<String> configured() {
        return List.copyOf(configs.keySet());
    }

    /** The life of a backend in service now, or null (Helix's own, or one no longer in service). */
    BackendLife life(Backend backend) {
        BackendLife life = lives.get(backend.id());
        return life != null && life.provider() == backend.provider() ? life : null;
    }

    ManagedProvider managed(String name) {
        return managed.get(name);
    }

    List<ManagedProvider> managed() {
        return List.copyOf(managed.values());
    }

    boolean isManaged(String id) {
        return managed.containsKey(id);
    }

    /** Closes every backend, in service or retiring, whoever holds it (Helix is stopping). */
    void closeAll() {
        lives.values().forEach(BackendLife::close);
        retiring.forEach(BackendLife::close);
    }
}
