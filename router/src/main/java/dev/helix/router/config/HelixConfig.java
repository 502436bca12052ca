package dev.helix.router.config;

import dev.helix.router.KeepAlive;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.RouterSettings;
import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Helix's settings from {@code models.yaml}; see {@link #load} for the format. The CLI overrides single
 * values from flags and environment variables with the {@code with...} methods.
 *
 * @param source          the file read, or null for {@link #defaults()}
 * @param modelsDir       discovery root (absolute)
 * @param maxLoadedModels models loaded at once
 * @param keepAlive       keep_alive when neither the request nor the model gives one
 * @param queueTimeout    longest a request waits for a model or a free slot
 * @param defaultOptions  load options of every model, before a model's own (models.yaml {@code defaults})
 * @param models          configured models, options merged, paths absolute
 * @param providers       external servers ({@link ProviderConfig})
 * @param aliases         public names served by several backends ({@link AliasConfig})
 * @param routing         strategies, retries, breakers, health checks and discovery ({@link RoutingConfig})
 * @param runnerStallTimeout how long a runner may send nothing, not even a heartbeat, before its requests fail and
 *                        it is killed and restarted
 */
public record HelixConfig(Path source, Path modelsDir, int maxLoadedModels, KeepAlive keepAlive,
                          Duration queueTimeout, ModelLoadOptions defaultOptions, List<ModelEntry> models,
                          List<ProviderConfig> providers, List<AliasConfig> aliases, RoutingConfig routing,
                          Duration runnerStallTimeout) {
    /** The default {@link #runnerStallTimeout()}. */
    public static final Duration DEFAULT_RUNNER_STALL_TIMEOUT =
            dev.helix.runtime.llamacpp.RunnerSettings.DEFAULT_STALL_TIMEOUT;

    public HelixConfig {
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(defaultOptions, "defaultOptions");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(runnerStallTimeout, "runnerStallTimeout");
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        aliases = List.copyOf(aliases);
        new RouterSettings(maxLoadedModels, keepAlive, queueTimeout); // validates the three
    }

    /** Everything at its default: models from {@code ~/.helix/models}, 2 loaded, keep_alive 5m, 2m queue. */
    public static HelixConfig defaults() {
        return defaults(userHome());
    }

    static HelixConfig defaults(Path home) {
        RouterSettings s = RouterSettings.DEFAULTS;
        return new HelixConfig(null, home.resolve(".helix").resolve("models"), s.maxLoadedModels(),
                s.defaultKeepAlive(), s.queueTimeout(), ModelLoadOptions.DEFAULTS, List.of(), List.of(), List.of(),
                RoutingConfig.DEFAULTS, DEFAULT_RUNNER_STALL_TIMEOUT);
    }

    /**
     * Reads a models.yaml:
     * <pre>{@code
     * models_dir: ~/.helix/models      # discovery root; relative = to this file's folder
     * max_loaded_models: 2
     * keep_alive: 5m                   # seconds or a Go duration; negative = forever
     * queue_timeout: 2m
     * runner_stall_timeout: 60s        # a runner silent this long is killed and restarted
     * defaults: { context_size: 0, threads: 0, batch_size: 512, gpu_layers: auto, mmap: true,
     *             parallel: 1, embeddings: true, engine: binding }  # engine: binding or ffm
     * models:
     *   - id: stories
     *     path: models/stories260K.gguf  # relative = to this file's folder; ~ expanded
     *     aliases: [tiny]
     *     keep_alive: -1
     *     options: { context_size: 512, engine: ffm } # merged over defaults
     * server: {...}                    # the server module's; other unknown top-level keys are logged
     * }</pre>
     * Every key is optional but a model's id and path. Model files need not exist yet: a missing file fails
     * its load, not the configuration.
     *
     * @throws ConfigException listing every problem with its location, or why the file cannot be read
     */
    public static HelixConfig load(Path file) {
        return load(file, userHome());
    }

    /** {@link #load(Path)} with {@code ~} (and managed providers' logs, {@code ~/.helix/logs}) at {@code home}. */
    public static HelixConfig load(Path file, Path home) {
        return load(file, home, System.getenv());
    }

    static HelixConfig load(Path file, Path home, java.util.Map<String, String> env) {
        return new ConfigParser(file, home, env).parse(ConfigParser.read(file));
    }

    /**
     * Reads settings already merged from several files (see the CLI's layers) as if they were one file at
     * {@code source}: relative paths resolve against its folder, problems name it.
     *
     * @throws ConfigException listing every problem with its location
     */
    public static HelixConfig parse(com.fasterxml.jackson.databind.JsonNode root, Path source, Path home,
                                    java.util.Map<String, String> env) {
        return new ConfigParser(source, home, env).parse(root);
    }

    /** {@link #load} if the file exists, else {@link #defaults()}. */
    public static HelixConfig loadOrDefaults(Path file) {
        return Files.exists(file) ? load(file) : defaults();
    }

    public HelixConfig withModelsDir(Path value) {
        return new HelixConfig(source, value.toAbsolutePath().normalize(), maxLoadedModels, keepAlive,
                queueTimeout, defaultOptions, models, providers, aliases, routing,
                runnerStallTimeout);
    }

    public HelixConfig withMaxLoadedModels(int value) {
        return new HelixConfig(source, modelsDir, value, keepAlive, queueTimeout, defaultOptions, models, providers,
                aliases, routing, runnerStallTimeout);
    }

    public HelixConfig withKeepAlive(KeepAlive value) {
        return new HelixConfig(source, modelsDir, maxLoadedModels, value, queueTimeout, defaultOptions, models,
                providers, aliases, routing, runnerStallTimeout);
    }

    public HelixConfig withQueueTimeout(Duration value) {
        return new HelixConfig(source, modelsDir, maxLoadedModels, keepAlive, value, defaultOptions, models,
                providers, aliases, routing, runnerStallTimeout);
    }

    public HelixConfig withRouting(RoutingConfig value) {
        return new HelixConfig(source, modelsDir, maxLoadedModels, keepAlive, queueTimeout, defaultOptions, models,
                providers, aliases, value, runnerStallTimeout);
    }

    public HelixConfig withRunnerStallTimeout(Duration value) {
        return new HelixConfig(source, modelsDir, maxLoadedModels, keepAlive, queueTimeout, defaultOptions, models,
                providers, aliases, routing, value);
    }

    /** The router's share of these settings. */
    public RouterSettings routerSettings() {
        return new RouterSettings(maxLoadedModels, keepAlive, queueTimeout);
    }

    /** A catalog of the configured models plus the files under {@link #modelsDir()}. */
    public ModelCatalog catalog() {
        return catalog(dev.helix.router.store.StoreLocations.ofThisProcess(), System.getenv("HELIX_STORES"));
    }

    /**
     * A catalog that also reads other programs' stores: models.yaml's {@code stores:} section at these locations,
     * narrowed by {@code helixStores} (HELIX_STORES: {@code none} or the kinds to read).
     */
    public ModelCatalog catalog(dev.helix.router.store.StoreLocations locations, String helixStores) {
        return new ModelCatalog(modelsDir, models, defaultOptions,
                storesConfig(locations.home()).narrowedBy(helixStores).stores(locations));
    }

    /** models.yaml's {@code stores:} section; a mistake in it is logged and that store keeps its default. */
    public dev.helix.router.store.StoresConfig storesConfig(Path home) {
        if (source == null || !Files.isRegularFile(source)) {
            return dev.helix.router.store.StoresConfig.DEFAULTS;
        }
        var problems = new java.util.ArrayList<String>();
        var stores = dev.helix.router.store.StoresConfig.parse(ConfigParser.read(source).path("stores"),
                source.toAbsolutePath().getParent(), home, problems);
        problems.forEach(p -> org.slf4j.LoggerFactory.getLogger(HelixConfig.class).warn("{}: {}", source, p));
        return stores;
    }

    private static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }
}
