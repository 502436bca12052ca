package dev.helix.router;

import dev.helix.router.ModelSlot.State;
import dev.helix.provider.Health;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.provider.Provider;
import dev.helix.provider.ProviderBusyException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which loaded provider serves a request: resolves names through the {@link ModelCatalog}, loads
 * models on demand through the {@link ProviderFactory}, keeps at most {@code maxLoadedModels} loaded and
 * unloads the least recently used idle one first, waits rather than unloading a model in use, loads each
 * model at most once at a time, and unloads idle models when their keep_alive runs out.
 *
 * <h2>Invariants</h2>
 * Each model has at most one {@link ModelSlot} in {@code slots} (keyed by catalog id); every slot field,
 * {@code slots}, {@code failures}, {@code tick} and {@code closed} are guarded by {@code lock}.
 * <ol>
 *   <li><b>Capacity.</b> The slots LOADING, READY or UNLOADING never number more than
 *       {@code maxLoadedModels}. A slot becomes LOADING only under the lock after counting them, and stops
 *       counting only when it is removed: after its provider's {@code close()} returned, or after its load
 *       failed. So two loads cannot race past the check, and an evicted model's unload has finished before
 *       the load that needed its place starts.</li>
 *   <li><b>Single flight.</b> The first request for a model that has no slot puts a WAITING slot in the map
 *       (not counted) and owns it; later requests wait on that slot. Only the owner moves it to LOADING and
 *       calls {@link ProviderFactory#open}; requests that waited on a failed load all throw its
 *       {@link ModelLoadException}, and the slot is removed so the next request loads again.</li>
 *   <li><b>No unload under a request.</b> Only an idle slot (READY, no leases) is unloaded by eviction,
 *       expiry or {@link #unload}. The exceptions are a provider whose health is DOWN (it is gone already)
 *       and {@link #close()}.</li>
 *   <li><b>No blocking under the lock.</b> {@code open}, {@code close} and {@code health} of providers run
 *       with the lock released; the slot's state (LOADING, UNLOADING) holds its place meanwhile.</li>
 *   <li><b>No hang.</b> Every wait is {@code changed.awaitNanos} bounded by the queue timeout, ending in
 *       {@link ProviderBusyException}; every state change signals {@code changed}.</li>
 *   <li><b>Leases count once.</b> A lease decrements its slot's count on its first {@code close()} only.</li>
 * </ol>
 * Expiry runs on one daemon scheduler thread and unloads a slot only if it is still idle, still current
 * and its expiry has not been superseded by a later lease ({@code expiryToken}).
 *
 * <p>Waiting requests are not served first-come first-served: whichever waiter takes the lock first after
 * a change goes first; the queue timeout bounds every wait.
 */
public final class ModelRouter implements AutoCloseable, dev.helix.router.upstream.LocalModels {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ModelRouter.class);

    private volatile ModelCatalog catalog;
    private final ProviderFactory factory;
    private final RouterSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final long queueTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, ModelSlot> slots = new HashMap<>();
    private final Map<String, LoadFailure> failures = new HashMap<>();
    private final ExpiryScheduler scheduler = new ExpiryScheduler();
    private long tick;
    private boolean closed;
    private volatile dev.helix.router.upstream.Upstreams upstreams;
    private final dev.helix.events.HelixEvents events;

    public ModelRouter(ModelCatalog catalog, ProviderFactory factory, RouterSettings settings) {
        this(catalog, factory, settings, dev.helix.events.HelixEvents.NONE);
    }

    /** @param events receives every load, failed load and unload (published quickly, sometimes under the lock) */
    public ModelRouter(ModelCatalog catalog, ProviderFactory factory, RouterSettings settings,
                       dev.helix.events.HelixEvents events) {
        this.events = events;
        this.catalog = catalog;
        this.factory = new CheckedProviderFactory(factory);
        this.settings = settings;
        this.queueTimeoutNanos = saturatedNanos(settings.queueTimeout());
    }

    /**
     * Resolves the name (id, alias, ":latest" tag, case), loads the model if needed and leases it. Close the
     * lease when the request is done.
     *
     * @param keepAlive this request's keep_alive, or null for the model's, else the router default
     * @throws ModelNotFoundException  no such model
     * @throws ModelLoadException      its load failed (every request that waited for that load gets it)
     * @throws ProviderBusyException   no slot or no finished load within the queue timeout, or the router
     *                                 is closed (503: a server shutting down is a transient condition)
     */
    public Lease acquire(String name, KeepAlive keepAlive) {
        var routes = upstreams;
        if (routes != null) {
            var routed = routes.lease(name);
            if (routed.isPresent()) {
                return routed.get();
            }
        }
        return acquireLocal(name, keepAlive);
    }

    /**
     * Hands the names external backends serve to them: from now on {@link #acquire} routes those through their
     * {@link dev.helix.providers.routing.BackendGroup}s (Helix's own model of the same name among the targets) and
     * {@link #models()} lists them. The router closes them when it closes. Once.
     */
    public void attach(dev.helix.router.upstream.Upstreams routes) {
        if (upstreams != null) {
            throw new IllegalStateException("external backends are attached already");
        }
        upstreams = routes;
    }

    /**
     * Every backend for {@code /helix/providers}: Helix's own models first, then each external server (none when
     * no backends are attached).
     */
    public List<dev.helix.router.upstream.BackendStatus> backends() {
        var routes = upstreams;
        if (routes != null) {
            return routes.status();
        }
        return List.of(new dev.helix.router.upstream.BackendStatus(dev.helix.router.upstream.LocalBackend.ID,
                "helix-local", "", "local", "UP", "ok", "CLOSED", 0, 0, 0, 0, 1,
                localModels().stream().map(dev.helix.provider.ModelInfo::name).toList()));
    }

    /** The external backends, when attached. */
    public Optional<dev.helix.router.upstream.Upstreams> upstreams() {
        return Optional.ofNullable(upstreams);
    }

    @Override
    public Lease acquireLocal(String name) {
        return acquireLocal(name, null);
    }

    @Override
    public boolean servesLocally(String name) {
        return catalog.find(name).isPresent();
    }

    @Override
    public List<dev.helix.provider.ModelInfo> localModels() {
        var models = new ArrayList<dev.helix.provider.ModelInfo>();
        for (ModelEntry entry : catalog.available()) {
            models.add(catalog.describe(entry.id(), entry));
        }
        catalog.runtimeAliases().forEach((alias, target) ->
                catalog.find(target).ifPresent(entry -> models.add(catalog.describe(alias, entry))));
        return models;
    }

    /**
     * {@link #acquire} for Helix's own models only, never through the routing of several backends.
     *
     * @throws ModelNotFoundException also when the model's file is gone (deleted since the catalog last looked);
     *                                the catalog then looks again, so listings leave it out
     */
    public Lease acquireLocal(String name, KeepAlive keepAlive) {
        ModelEntry entry = catalog.find(name).orElseThrow(() -> new ModelNotFoundException(name));
        try {
            return acquireLocal(entry, keepAlive);
        } catch (ModelNotFoundException e) {
            if (catalog.modelsDir() != null) {
                catalog.available(); // re-scan, with the router's lock released: the file is gone
            }
            throw e;
        }
    }

    private Lease acquireLocal(ModelEntry entry, KeepAlive keepAlive) {
        KeepAlive effective = keepAlive != null ? keepAlive
                : entry.keepAlive() != null ? entry.keepAlive() : settings.defaultKeepAlive();
        long start = System.nanoTime();
        long deadline = start + queueTimeoutNanos;
        boolean waited = false;
        boolean joinedLoad = false; // we waited for another request's load of this model
        ModelSlot owned = null; // our WAITING slot, once we made one
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw RouterBusy.closed();
                }
                ModelSlot slot = slots.get(entry.id());
                if (slot == null) {
                    owned = slot = new ModelSlot(entry);
                    slots.put(entry.id(), owned);
                }
                if (slot == owned) {
                    if (usedCapacity() < settings.maxLoadedModels()) {
                        owned.state = State.LOADING;
                        return load(owned, effective, start);
                    }
                    ModelSlot victim = leastRecentlyUsedIdle();
                    if (victim != null) {
                        unloadLocked(victim, "to make room for " + entry.id());
                    } else {
                        await(deadline, () -> RouterBusy.allSlotsBusy(settings.maxLoadedModels(),
                                slotIds(), entry.id(), settings.queueTimeout()));
                    }
                    waited = true;
                    continue;
                }
                switch (slot.state) {
                    case READY -> {
                        long loadNanos = waited ? System.nanoTime() - start : 0;
                        RouterLease lease = lease(slot, effective, loadNanos, !joinedLoad);
                        Health health = health(slot.provider);
                        if (health.status() != Health.Status.DOWN) {
                            return lease;
                        }
                        discardDown(slot, lease, health.detail());
                    }
                    case WAITING, LOADING -> {
                        joinedLoad = true;
                        await(deadline, () -> RouterBusy.stillLoading(entry.id(), settings.queueTimeout()));
                        if (slot.failure != null) {
                            throw slot.failure;
                        }
                    }
                    case UNLOADING -> await(deadline, () -> RouterBusy.stillUnloading(entry.id()));
                }
                waited = true;
            }
        } finally {
            if (owned != null && owned.state == State.WAITING && slots.get(owned.id()) == owned) {
                slots.remove(owned.id()); // gave up waiting for a place: let another request own the model
                changed.signalAll();
            }
            lock.unlock();
        }
    }

    /** Opens the provider for a LOADING slot we own. Lock held on entry and exit, released while opening. */
    private Lease load(ModelSlot slot, KeepAlive keepAlive, long start) {
        Provider provider = null;
        Throwable thrown = null;
        lock.unlock();
        try {
            provider = factory.open(slot.entry);
        } catch (RuntimeException | Error e) { // the checked factory throws ModelLoadException, not found, or an Error
            thrown = e;
        } finally {
            lock.lock();
        }
        if (thrown != null) {
            slot.failure = thrown instanceof ModelLoadException || thrown instanceof ModelNotFoundException
                    ? (dev.helix.provider.ProviderException) thrown
                    : CheckedProviderFactory.failed(slot.entry, thrown.toString(), thrown);
            failures.put(slot.id(), new LoadFailure(slot.id(), slot.failure.getMessage(), clock.instant()));
            slots.remove(slot.id(), slot);
            changed.signalAll();
            log.warn("model {}: load failed: {}", slot.id(), slot.failure.getMessage());
            events.publish(new dev.helix.events.HelixEvent.ModelLoadFailed(slot.id(), slot.failure.getMessage()));
            if (thrown instanceof Error error) {
                throw error;
            }
            throw slot.failure;
        }
        slot.provider = provider;
        slot.state = State.READY;
        slot.loadedAt = clock.instant();
        failures.remove(slot.id());
        changed.signalAll();
        long loadNanos = System.nanoTime() - start;
        log.info("model {}: loaded in {} ms", slot.id(), TimeUnit.NANOSECONDS.toMillis(loadNanos));
        events.publish(new dev.helix.events.HelixEvent.ModelLoaded(slot.id(), Duration.ofNanos(loadNanos),
                slot.entry.path().toFile().length()));
        if (closed) { // close() ran while we loaded: it waits for us to put this provider away
            unloadLocked(slot, "the router is closed");
            throw RouterBusy.closed();
        }
        return lease(slot, keepAlive, loadNanos, false);
    }

    /**
     * Takes a lease on a READY slot (lock held). The newest request's keep_alive replaces the older one's;
     * a new request (not one that waited for this load) also cancels a pending {@link #unload}, as in Ollama.
     */
    private RouterLease lease(ModelSlot slot, KeepAlive keepAlive, long loadNanos, boolean newRequest) {
        slot.leases++;
        slot.lastUsed = ++tick;
        slot.keepAlive = keepAlive;
        if (newRequest) {
            slot.unloadRequested = false;
        }
        slot.cancelExpiry();
        return new RouterLease(this, slot, slot.provider, loadNanos);
    }

    /** Health is checked with the lock released; the lease we hold keeps the slot from being unloaded. */
    private Health health(Provider provider) {
        lock.unlock();
        try {
            return provider.health();
        } catch (RuntimeException e) {
            return Health.down("health check failed: " + e);
        } finally {
            lock.lock();
        }
    }

    /** The provider is down (its runner died): give back our lease and put it away, in use or not. */
    private void discardDown(ModelSlot slot, RouterLease lease, String detail) {
        if (lease.markClosed()) {
            slot.leases--;
        }
        if (slot.state == State.READY && slots.get(slot.id()) == slot) {
            log.warn("model {}: provider is down ({}); reloading", slot.id(), detail);
            unloadLocked(slot, "its provider was down");
        }
    }

    /** Called once per lease by {@link RouterLease#close()}. */
    void release(RouterLease lease) {
        lock.lock();
        try {
            ModelSlot slot = lease.slot;
            slot.leases--;
            slot.lastUsed = ++tick;
            if (slot.leases == 0 && slot.state == State.READY && slots.get(slot.id()) == slot && !closed) {
                scheduleExpiry(slot);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void scheduleExpiry(ModelSlot slot) {
        KeepAlive keepAlive = slot.unloadRequested ? KeepAlive.UNLOAD_NOW : slot.keepAlive;
        slot.cancelExpiry();
        if (keepAlive.forever()) {
            return;
        }
        long nanos = keepAlive.duration().toNanos();
        long token = slot.expiryToken;
        slot.expiresAt = clock.instant().plusNanos(nanos);
        slot.expiry = scheduler.schedule(() -> expire(slot, token), nanos);
    }

    private void expire(ModelSlot slot, long token) {
        lock.lock();
        try {
            if (!closed && slot.expiryToken == token && slot.idle() && slots.get(slot.id()) == slot) {
                unloadLocked(slot, slot.keepAlive.unloadImmediately() || slot.unloadRequested
                        ? "its last request is done" : "keep_alive " + slot.keepAlive + " expired");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes a slot's provider and removes the slot (lock held on entry and exit, released while closing).
     * The slot keeps counting against capacity until close() returned.
     */
    private void unloadLocked(ModelSlot slot, String why) {
        slot.state = State.UNLOADING;
        slot.cancelExpiry();
        lock.unlock();
        try {
            closeQuietly(slot);
            log.info("model {}: unloaded, {}", slot.id(), why);
            events.publish(new dev.helix.events.HelixEvent.ModelUnloaded(slot.id(), why));
        } finally {
            lock.lock();
            slots.remove(slot.id(), slot);
            changed.signalAll();
        }
    }

    private static void closeQuietly(ModelSlot slot) {
        try {
            slot.provider.close();
        } catch (RuntimeException e) {
            log.error("model {}: closing its provider failed; its resources may leak", slot.id(), e);
        }
    }

    private void await(long deadline, java.util.function.Supplier<ProviderBusyException> onTimeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw onTimeout.get();
        }
        try {
            changed.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RouterBusy.interrupted();
        }
    }

    private int usedCapacity() {
        int used = 0;
        for (ModelSlot slot : slots.values()) {
            used += slot.countsAgainstCapacity() ? 1 : 0;
        }
        return used;
    }

    private ModelSlot leastRecentlyUsedIdle() {
        return slots.values().stream().filter(ModelSlot::idle)
                .min(Comparator.comparingLong(s -> s.lastUsed)).orElse(null);
    }

    /** Ids of the models holding a place, for messages. */
    private List<String> slotIds() {
        return slots.values().stream().filter(ModelSlot::countsAgainstCapacity).map(ModelSlot::id).sorted().toList();
    }

    /** The catalog entry for a name, without loading anything. */
    public Optional<ModelEntry> find(String name) {
        return catalog.find(name);
    }

    /** The catalog the router resolves names with. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** Every model the catalog knows, loaded or not, sorted by id (re-scans the models directory). */
    public List<ModelEntry> available() {
        return catalog.available();
    }

    /**
     * Every name Helix serves, each once, described for listings without loading anything: each local model under
     * its id, the names {@code /api/copy} made, then the names only external backends serve. Re-scans the models
     * directory.
     */
    public List<dev.helix.provider.ModelInfo> models() {
        var models = localModels();
        var routes = upstreams;
        if (routes != null) {
            var seen = new java.util.HashSet<String>();
            models.forEach(m -> seen.add(m.name()));
            routes.models().stream().filter(m -> seen.add(m.name())).forEach(models::add);
        }
        return models;
    }

    /** A served name described for listings, under the name asked for, without loading anything. */
    public Optional<dev.helix.provider.ModelInfo> describe(String name) {
        Optional<dev.helix.provider.ModelInfo> local = catalog.find(name).map(entry -> catalog.describe(name, entry));
        var routes = upstreams;
        if (local.isPresent() || routes == null) {
            return local;
        }
        String bare = name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name;
        return routes.models().stream().filter(m -> m.name().equals(name) || m.name().equals(bare)
                || m.name().equals(name + ":latest")).findFirst().map(m -> m.withName(name));
    }

    /** The models loaded now (not those still loading), most recently used first. */
    public List<LoadedModel> loaded() {
        lock.lock();
        try {
            return slots.values().stream().filter(s -> s.state == State.READY)
                    .sorted(Comparator.comparingLong((ModelSlot s) -> s.lastUsed).reversed())
                    .map(s -> new LoadedModel(s.entry, s.loadedAt, s.leases > 0 ? null : s.expiresAt, s.leases))
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    /** The last failed load of each model that has not loaded since, by id. */
    public Map<String, LoadFailure> failures() {
        lock.lock();
        try {
            return Map.copyOf(failures);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Unloads a model: now if idle (returning after its provider closed), else as soon as its last lease
     * closes, unless a newer request for it arrives first (as Ollama's keep_alive 0). A model still loading
     * is unloaded once the requests that waited for it are done.
     *
     * @return true if the model was loaded or loading, false if not
     */
    public boolean unload(String name) {
        String id = catalog.find(name).map(ModelEntry::id).orElse(name);
        lock.lock();
        try {
            ModelSlot slot = slots.get(id);
            if (slot == null) { // not in the catalog any more (its file is gone), but maybe loaded under that name
                slot = slots.values().stream().filter(s -> s.entry.names().contains(name)).findFirst().orElse(null);
            }
            if (slot == null || slot.state == State.WAITING) {
                return false;
            }
            if (slot.idle()) {
                unloadLocked(slot, "unload requested");
            } else if (slot.state != State.UNLOADING) {
                slot.unloadRequested = true;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Serves a new catalog from now on (a reloaded models.yaml): names it adds can be asked for at once, names it drops
     * cannot. Aliases made at run time carry over where their model still exists. A loaded model that was dropped, or
     * whose entry changed (path, options), is unloaded once idle: requests in flight finish on the old settings and
     * the next one loads the new.
     *
     * @return the ids of the loaded models that will be unloaded
     */
    public List<String> reconfigure(ModelCatalog next) {
        ModelCatalog old = catalog;
        old.runtimeAliases().forEach((alias, target) -> {
            try {
                next.addAlias(alias, target);
            } catch (RuntimeException e) {
                log.info("alias {} of {} is dropped with the reload: {}", alias, target, e.getMessage());
            }
        });
        catalog = next;
        var stale = new ArrayList<String>();
        for (LoadedModel loaded : loaded()) {
            String id = loaded.entry().id();
            if (!next.find(id).map(e -> e.path().equals(loaded.entry().path())
                    && e.options().equals(loaded.entry().options())).orElse(false)) {
                stale.add(id);
            }
        }
        lock.lock();
        try {
            for (String id : stale) {
                ModelSlot slot = slots.get(id);
                if (slot == null || slot.state == State.WAITING) {
                    continue;
                }
                if (slot.idle()) {
                    unloadLocked(slot, "configuration changed");
                } else if (slot.state != State.UNLOADING) {
                    slot.unloadRequested = true;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return stale;
    }

    /** Number of expiries scheduled; for tests. */
    int scheduledExpiries() {
        return scheduler.pending();
    }

    /** Requests waiting for a load, a free slot or an unload; for tests. */
    int waitingRequests() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every provider (in parallel, in use or not), waits up to 30 s for loads in progress to finish
     * and be closed, and stops the expiry thread. Idempotent. Afterwards {@link #acquire} throws
     * {@link ProviderBusyException}.
     */
    @Override
    public void close() {
        var routes = upstreams;
        if (routes != null) {
            routes.close();
        }
        List<ModelSlot> ready = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (ModelSlot slot : slots.values()) {
                if (slot.state == State.READY) {
                    slot.state = State.UNLOADING;
                    slot.cancelExpiry();
                    ready.add(slot);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try (var closers = Executors.newVirtualThreadPerTaskExecutor()) {
            ready.forEach(slot -> closers.execute(() -> closeQuietly(slot)));
        }
        lock.lock();
        try {
            ready.forEach(slot -> slots.remove(slot.id(), slot));
            changed.signalAll();
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (!slots.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("closed while models {} were still loading or unloading", slots.keySet());
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        scheduler.shutdown();
        log.info("model router closed; {} model(s) unloaded", ready.size());
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return Math.min(duration.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
