package dev.helix.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import dev.helix.router.store.HelixStore;
import dev.helix.router.store.ModelPreset;
import dev.helix.router.store.ModelStore;
import dev.helix.router.store.NameCollision;
import dev.helix.router.store.StoreMerge;
import dev.helix.router.store.StoredModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models Helix can serve: configured entries plus every {@code *.gguf} under the models directory
 * (see {@link GgufFiles} and {@link ModelScanner} for what counts), each file named by its stem. A configured
 * name wins over a discovered file with the same name.
 *
 * <p>Each scan also reads the GGUF header of every file it finds (once per file version, see {@link HeaderCheck}):
 * a file that is not a readable GGUF file is left out, so it is not listed and its name is not taken, and a
 * configured model whose file is missing or unreadable is kept (its load then fails with the reason). Both are in
 * {@link #unreadable()} and are logged as one warning each when first seen.
 *
 * <p>Lookups are served from an immutable snapshot. The directory is re-scanned when the models are listed
 * and when a lookup misses, so a file dropped into the folder is served without a restart; a hit never
 * touches the disk. Concurrent rescans are coalesced, and a name that missed is not re-scanned for again
 * for {@link #MISS_TTL}, so a client repeating an unknown name cannot keep the disk busy.
 */
public final class ModelCatalog {
    /** Characters in a name made at run time (Ollama's longest real names are well under 100). */
    public static final int MAX_NAME = 256;
    /** Names made at run time, kept in memory. */
    public static final int MAX_RUNTIME_ALIASES = 1000;
    static final Duration MISS_TTL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

    private final Path modelsDir;
    /** The stores scanned besides models_dir, in priority order (see {@link dev.helix.router.store.StoreKind}). */
    private final List<ModelStore> foreign;
    private final List<ModelEntry> configured;
    private final ModelLoadOptions defaults;
    private final Ticker ticker;
    private final Cache<String, Boolean> recentMisses;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final ReentrantLock scanLock = new ReentrantLock();
    /** Guarded by scanLock. */
    private final GgufHeaders ggufHeaders = new GgufHeaders();
    private final HeaderCheck headers = new HeaderCheck(ggufHeaders);
    private final ModelDescriber describer = new ModelDescriber(ggufHeaders);
    /** The unreadable files warned about and still unreadable; guarded by scanLock. */
    private final Set<Path> reported = new HashSet<>();
    private volatile CatalogSnapshot snapshot;
    private volatile List<UnreadableModel> unreadable = List.of();
    /** The models the last scan found in stores, by their served name. */
    private volatile java.util.Map<String, StoredModel> stored = java.util.Map.of();
    private volatile List<NameCollision> collisions = List.of();
    /** Names added at run time ({@link #addAlias}), to the id they stand for; kept in memory only. */
    private final java.util.Map<String, String> runtimeAliases = new ConcurrentHashMap<>();
    /** System.nanoTime() when the last completed scan started; guarded by scanLock for writes. */
    private volatile long lastScanStart;
    private volatile boolean scanned;

    /**
     * @param modelsDir  the discovery root, or null for no discovery (it need not exist)
     * @param configured entries from models.yaml (and the CLI); names must be unique across ids and aliases
     * @param defaults   load options for discovered files
     * @throws IllegalArgumentException if two configured entries share a name
     */
    public ModelCatalog(Path modelsDir, List<ModelEntry> configured, ModelLoadOptions defaults) {
        this(modelsDir, configured, defaults, List.of(), Ticker.systemTicker());
    }

    /**
     * A catalog that also serves the models of other programs' stores, read in place (see
     * {@link dev.helix.router.store.StoresConfig}).
     *
     * @param foreign stores besides models_dir, in priority order: a name the first one has is qualified in a later
     *                one ({@link NameCollision})
     */
    public ModelCatalog(Path modelsDir, List<ModelEntry> configured, ModelLoadOptions defaults,
                        List<ModelStore> foreign) {
        this(modelsDir, configured, defaults, foreign, Ticker.systemTicker());
    }

    ModelCatalog(Path modelsDir, List<ModelEntry> configured, ModelLoadOptions defaults, Ticker ticker) {
        this(modelsDir, configured, defaults, List.of(), ticker);
    }

    private ModelCatalog(Path modelsDir, List<ModelEntry> configured, ModelLoadOptions defaults,
                         List<ModelStore> foreign, Ticker ticker) {
        this.modelsDir = modelsDir == null ? null : modelsDir.toAbsolutePath().normalize();
        this.foreign = List.copyOf(foreign);
        this.configured = List.copyOf(configured);
        this.defaults = defaults == null ? ModelLoadOptions.DEFAULTS : defaults;
        this.ticker = ticker;
        checkUnique(this.configured);
        this.recentMisses = Caffeine.newBuilder()
                .expireAfterWrite(MISS_TTL)
                .maximumSize(1024)
                .executor(Runnable::run)
                .ticker(ticker)
                .build();
        this.snapshot = new CatalogSnapshot(this.configured, List.of(), this.defaults, this::warnOnce);
    }

    /** A catalog of exactly these entries, with no directory discovery. */
    public static ModelCatalog of(List<ModelEntry> entries) {
        return new ModelCatalog(null, entries, ModelLoadOptions.DEFAULTS);
    }

    /**
     * This catalog plus one more entry, replacing any configured entry with the same id. For the CLI's
     * {@code helix run ./file.gguf}: only code can add a path, never an HTTP request.
     *
     * @throws IllegalArgumentException if one of its aliases is another entry's name
     */
    public ModelCatalog withExtraEntry(ModelEntry entry) {
        var entries = new ArrayList<ModelEntry>(configured.size() + 1);
        configured.stream().filter(e -> !e.id().equals(entry.id())).forEach(entries::add);
        entries.add(entry);
        return new ModelCatalog(modelsDir, entries, defaults, foreign, ticker);
    }

    /** The discovery root, or null when this catalog does not scan. */
    public Path modelsDir() {
        return modelsDir;
    }

    /**
     * Resolves a request's model name: exact id, then alias, then without a ":latest" tag, then ignoring case
     * if exactly one model matches. Re-scans the directory on a miss (at most once per {@link #MISS_TTL} for
     * the same name).
     */
    public Optional<ModelEntry> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<ModelEntry> hit = snapshot.resolve(name);
        if (hit.isEmpty()) {
            hit = aliasTarget(name).flatMap(snapshot::resolve);
        }
        if (hit.isPresent() || !scans() || recentMisses.getIfPresent(name) != null) {
            return hit;
        }
        rescan(System.nanoTime());
        hit = snapshot.resolve(name);
        if (hit.isEmpty()) {
            recentMisses.put(name, Boolean.TRUE);
        }
        return hit;
    }

    /** {@link #find} from the last scan only, never touching the disk: for listings that name every model. */
    public Optional<ModelEntry> peek(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<ModelEntry> hit = snapshot.resolve(name);
        return hit.isPresent() ? hit : aliasTarget(name).flatMap(snapshot::resolve);
    }

    private Optional<String> aliasTarget(String name) {
        String target = runtimeAliases.get(untagged(name));
        return Optional.ofNullable(target);
    }

    private static String untagged(String name) {
        return name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name;
    }

    /**
     * Adds a name for a model at run time (Ollama's copy), in memory only: it is gone after a restart (aliases in
     * models.yaml stay). Re-pointing an alias added this way is allowed.
     *
     * @throws IllegalArgumentException when the alias is a configured or discovered model's name, or blank
     * @throws java.util.NoSuchElementException when the target does not exist
     */
    public ModelEntry addAlias(String alias, String target) {
        String name = untagged(alias.strip());
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a model name must be non-empty and without whitespace");
        }
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a model name has at most " + MAX_NAME + " characters");
        }
        if (!runtimeAliases.containsKey(name) && runtimeAliases.size() >= MAX_RUNTIME_ALIASES) {
            throw new IllegalArgumentException("there are " + MAX_RUNTIME_ALIASES + " names made with /api/copy "
                    + "already; delete some first (lasting names belong in models.yaml)");
        }
        ModelEntry entry = find(target).orElseThrow(() -> new java.util.NoSuchElementException(target));
        if (!runtimeAliases.containsKey(name) && snapshot.resolve(name).isPresent()) {
            throw new IllegalArgumentException("\"" + name + "\" is already a model's name");
        }
        runtimeAliases.put(name, entry.id());
        return entry;
    }

    /** Removes an alias {@link #addAlias} added; false when the name is no such alias. */
    public boolean removeAlias(String alias) {
        return runtimeAliases.remove(untagged(alias.strip())) != null;
    }

    /** The aliases added at run time, to the ids they stand for, sorted by alias. */
    public java.util.SortedMap<String, String> runtimeAliases() {
        return new java.util.TreeMap<>(runtimeAliases);
    }

    /** Every model, sorted by id, after a fresh scan of the models directory. */
    public List<ModelEntry> available() {
        if (scans()) {
            rescan(System.nanoTime());
        }
        return snapshot.entries();
    }

    /** Scans unless a scan that started after {@code since} already completed (coalesces concurrent callers). */
    private void rescan(long since) {
        scanLock.lock();
        try {
            if (scanned && lastScanStart - since > 0) {
                return;
            }
            long start = System.nanoTime();
            var bad = new ArrayList<UnreadableModel>();
            // unreadable files first take no name, so a broken file never shadows a good one
            List<StoredModel> all = scanStores();
            var readableFiles = new HashSet<Path>();
            checkHeaders(all.stream().map(m -> new ModelScanner.Found(m.name(), m.file(), 0)).toList(), bad)
                    .forEach(f -> readableFiles.add(f.path()));
            var merged = StoreMerge.merge(configuredNames(), configuredFiles(),
                    all.stream().filter(m -> readableFiles.contains(m.file())).toList());
            var byName = new java.util.HashMap<String, StoredModel>();
            var readable = new ArrayList<ModelScanner.Found>();
            for (StoredModel m : merged.served()) {
                byName.put(m.name(), m);
                readable.add(new ModelScanner.Found(m.name(), m.file(), 0));
            }
            report(bad);
            reportCollisions(merged.collisions());
            unreadable = List.copyOf(bad);
            stored = java.util.Map.copyOf(byName);
            collisions = merged.collisions();
            snapshot = new CatalogSnapshot(configured, readable, defaults, this::warnOnce);
            lastScanStart = start;
            scanned = true;
        } finally {
            scanLock.unlock();
        }
    }

    /**
     * Reads the header of every configured file and every discovered one (once per file version): adds the
     * unreadable ones to {@code bad}, sorted by path, and returns the discovered files to serve. A discovered file
     * that is a configured model's file is checked once, as that model.
     */
    private List<ModelScanner.Found> checkHeaders(List<ModelScanner.Found> discovered, List<UnreadableModel> bad) {
        var seen = new HashSet<Path>();
        for (ModelEntry entry : configured) {
            Path file = entry.path().toAbsolutePath().normalize();
            seen.add(file);
            headers.problem(file).ifPresent(why -> bad.add(new UnreadableModel(entry.id(), file, why, true)));
        }
        var readable = new ArrayList<ModelScanner.Found>();
        for (var found : discovered) {
            if (!seen.add(found.path())) {
                readable.add(found); // the snapshot serves it under its configured name
                continue;
            }
            headers.problem(found.path()).ifPresentOrElse(
                    why -> bad.add(new UnreadableModel(found.id(), found.path(), why, false)),
                    () -> readable.add(found));
        }
        bad.sort(Comparator.comparing(UnreadableModel::path));
        return readable;
    }

    /**
     * What listings show about a model under one of its names, from its file's header (read once per file version),
     * without loading it.
     */
    public dev.helix.provider.ModelInfo describe(String name, ModelEntry entry) {
        var info = describer.describe(name, entry);
        StoredModel m = stored.get(entry.id());
        if (m == null || (m.digest() == null && m.preset().template() == null)) {
            return info;
        }
        // a store's sha256 (Ollama's blob, the hub cache's) and Ollama's own template say more than the header's
        return new dev.helix.provider.ModelInfo(info.name(), info.format(), info.family(), info.parameterSize(),
                info.quantization(), info.contextLength(), info.sizeBytes(), info.modified(),
                m.digest() != null ? m.digest() : info.digest(), info.capabilities(),
                m.preset().template() != null ? m.preset().template() : info.template(), info.metadata(),
                info.settings(), info.origin());
    }

    /**
     * The model files the last scan could not read, by path: files in the models folder (left out of the catalog)
     * and configured models (kept). Empty before the first scan ({@link #available()}, or a lookup that misses).
     */
    public List<UnreadableModel> unreadable() {
        return unreadable;
    }

    /** One warning per file when it becomes unreadable; again only after it was readable (or gone) in between. */
    private void report(List<UnreadableModel> bad) {
        var now = new HashSet<Path>();
        for (UnreadableModel u : bad) {
            now.add(u.path());
            if (!reported.add(u.path())) {
                continue;
            }
            if (!u.configured()) {
                log.warn("model file {} is not served: {}", u.path(), u.reason());
            } else if (u.missing()) {
                log.warn("models.yaml entry \"{}\": file not found: {} (it stays listed; loading it fails until "
                        + "the file is there)", u.id(), u.path());
            } else {
                log.warn("models.yaml entry \"{}\": {} is not a readable GGUF file: {} (it stays listed; loading it "
                        + "fails until the file is fixed)", u.id(), u.path(), u.reason());
            }
        }
        reported.retainAll(now);
    }

    private boolean scans() {
        return modelsDir != null || !foreign.isEmpty();
    }

    /** Helix's own folder first, then the other stores in order. */
    private List<StoredModel> scanStores() {
        var models = new ArrayList<StoredModel>();
        helixStore().ifPresent(store -> models.addAll(store.scan()));
        foreign.forEach(store -> models.addAll(store.scan()));
        return models;
    }

    private List<String> configuredNames() {
        return configured.stream().flatMap(e -> e.names().stream()).toList();
    }

    private Set<Path> configuredFiles() {
        var files = new HashSet<Path>();
        configured.forEach(e -> files.add(e.path().toAbsolutePath().normalize()));
        return files;
    }

    private void reportCollisions(List<NameCollision> found) {
        found.forEach(c -> warnOnce("collision|" + c.other().file() + "|" + c.servedAs(), c.describe()));
    }

    /** Helix's own store (models_dir), where pulled and created models go; empty when this catalog has none. */
    public Optional<HelixStore> helixStore() {
        return modelsDir == null ? Optional.empty() : Optional.of(new HelixStore(modelsDir));
    }

    /** The stores read besides models_dir. */
    public List<ModelStore> foreignStores() {
        return foreign;
    }

    /**
     * Where a model of the last scan came from (its store, projector, split parts, preset), by catalog id; empty for
     * a models.yaml entry.
     */
    public Optional<StoredModel> stored(String id) {
        return Optional.ofNullable(stored.get(id));
    }

    /** What a model adds to requests that do not say otherwise (its store's system prompt, template, parameters). */
    public ModelPreset preset(String id) {
        StoredModel m = stored.get(id);
        return m == null ? ModelPreset.NONE : m.preset();
    }

    /** The name collisions of the last scan. */
    public List<NameCollision> collisions() {
        return collisions;
    }

    /** Re-reads the stores now: after Helix itself adds or removes a model. */
    public void refresh() {
        if (scans()) {
            rescan(System.nanoTime());
            recentMisses.invalidateAll();
        }
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            log.warn(message);
        }
    }

    private static void checkUnique(List<ModelEntry> entries) {
        var owners = new HashMap<String, String>();
        for (ModelEntry entry : entries) {
            for (String name : entry.names()) {
                String owner = owners.putIfAbsent(name, entry.id());
                if (owner != null) {
                    throw new IllegalArgumentException("model name \"" + name + "\" is used twice (by \""
                            + owner + "\" and \"" + entry.id() + "\")");
                }
            }
        }
    }
}
