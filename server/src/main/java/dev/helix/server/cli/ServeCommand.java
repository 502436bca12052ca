package dev.helix.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.ProviderFactory;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.server.HelixServer;
import dev.helix.server.ServerSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import dev.helix.router.KeepAlive;
import dev.helix.server.ConnectionLimits;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Serve the models over the OpenAI (/v1) and Ollama (/api) APIs until stopped.")
final class ServeCommand implements Callable<Integer> {
    static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    @Mixin
    AddressOptions address;

    @Mixin
    ConfigOptions config;

    @Option(names = "--inline", description = "Run models inside the server process instead of one runner process "
            + "each. Unloading then frees no memory (llama.cpp binding #102) and a native crash ends the server.")
    boolean inline;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require Authorization: Bearer KEY on every API "
            + "request (/ and /health stay open) (env HELIX_API_KEY; models.yaml server.api_key; default none).")
    String apiKey;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", description = "Largest request body; larger ones get "
            + "413 (models.yaml server.max_request_bytes; default 33554432, 32 MiB).")
    Long maxRequestBytes;

    @Option(names = "--max-pending", paramLabel = "N", description = "Generation and embedding requests held at once, "
            + "running or waiting; one more gets 429 at once (models.yaml server.max_pending_requests; default 0 = no "
            + "bound: requests wait up to queue_timeout, then get 503).")
    Integer maxPending;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", description = "On SIGTERM or Ctrl-C, how long "
            + "requests still working may take to finish before they are ended with an error; a second signal stops at "
            + "once (models.yaml server.shutdown_timeout; default 10s).")
    String shutdownTimeout;

    @Option(names = "--insecure", description = "Serve on an address other than loopback without an API key. Without "
            + "it, such a bind is refused: anyone who can reach the address could use the models and change the "
            + "server's state.")
    boolean insecure;

    @Override
    public Integer call() throws InterruptedException {
        HelixConfig c = config.load();
        JsonNode server = config.serverSection();
        String host = address.host(server.path("host").isTextual() ? server.get("host").asText() : null);
        int port = address.port(server.path("port").isInt() ? server.get("port").asInt() : null);
        ServerSettings settings = settings(host, port, server);
        ExposureCheck.require(host, settings.apiKey() != null, insecure);
        ListenCheck.require(host, port);
        if (!inline) {
            // Runners killed with an earlier server could not remove their folders (a socket, a copy of the library).
            dev.helix.runtime.llamacpp.RunnerDirectories.sweep(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        }
        dev.helix.server.observe.Observability observability;
        try {
            observability = dev.helix.server.observe.Observability.create(config.observability());
        } catch (java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage()); // the request log cannot be opened
        }
        var events = observability.events();
        ProviderFactory factory = inline ? LlamaCppProviders.inline(c.queueTimeout())
                : LlamaCppProviders.runners(RunnerSettings.defaults().withQueueTimeout(c.queueTimeout())
                        .withStallTimeout(c.runnerStallTimeout()), events);
        // The router (catalog scan, caches) starts on another core while the HTTP stack starts on this one: both are
        // mostly class loading, and side by side they save ~0.15 s of a ~1.5 s start on 2 cores.
        CompletableFuture<ModelRouter> starting = CompletableFuture.supplyAsync(() -> {
            var router = new ModelRouter(c.catalog(), factory, c.routerSettings(), events);
            // a managed provider that failed for good is an alert, like a runner's crash loop
            var processes = dev.helix.providers.managed.ProcessEventListener.log().and(event -> {
                if (event instanceof dev.helix.providers.managed.ProcessEvent.Failed failed) {
                    events.publish(new dev.helix.events.HelixEvent.ManagedProviderFailed(failed.provider(),
                            failed.why()));
                }
            });
            var upstreams = UpstreamAdapters.configured(c, router, events, processes);
            router.attach(upstreams);
            upstreams.start();
            return router;
        }, task -> Thread.ofPlatform().name("helix-router-start").start(task));
        HelixServer http;
        try {
            http = HelixServer.start(settings, starting, Version.current(), observability);
        } catch (RuntimeException e) {
            starting.thenAccept(ModelRouter::close);
            throw new CliException(ListenCheck.problem(e, host, port)); // the port was taken since the check
        }
        ModelRouter router = starting.join();
        AutoCloseable reloading = Reloading.start(config, router, c, http);
        var stopping = new Stopping(http, router, duration(shutdownTimeout, server, "shutdown_timeout",
                DEFAULT_SHUTDOWN_TIMEOUT), reloading);
        stopping.install();
        if (c.routing().discovery()) {
            String self = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
            router.upstreams().ifPresent(u -> u.startDiscovery(UpstreamAdapters.discovery(c.routing()),
                    java.util.List.of(java.net.URI.create("http://" + (self.contains(":") ? "[" + self + "]" : self)
                            + ":" + http.port()))));
        }
        int models = router.available().size(); // the first scan: one warning per model file that cannot be read
        if (models == 0) {
            System.out.print(new NoModelsNotice(c.modelsDir(), config.locate(), router.catalog().unreadable().size())
                    .text());
        }
        System.out.printf("Helix %s listening on http://%s:%d  (%d model%s from %s%s; at most %d loaded)%n",
                Version.current(), host.contains(":") ? "[" + host + "]" : host, http.port(), models,
                models == 1 ? "" : "s", c.modelsDir(), c.source() == null ? "" : " and " + c.source(),
                c.maxLoadedModels());
        System.out.flush();
        stopping.await();
        return 0;
    }

    /** A duration from a flag, else from models.yaml's server section, else the default; seconds or "5m", "1h30m". */
    private static Duration duration(String flag, JsonNode server, String key, Duration fallback) {
        JsonNode node = server.path(key);
        Object given = flag != null ? flag : node.isNumber() ? node.numberValue() : node.isTextual() ? node.asText()
                : null;
        if (given == null) {
            return fallback;
        }
        String where = flag != null ? "--" + key.replace('_', '-') : "server." + key;
        try {
            KeepAlive parsed = KeepAlive.parse(given);
            if (parsed.forever() || parsed.duration().isZero()) {
                throw new CliException(where + " must be a positive duration, not " + given);
            }
            return parsed.duration();
        } catch (dev.helix.provider.InvalidRequestException e) {
            throw new CliException(where + " must be seconds or a duration such as 10s or 1m, not " + given);
        }
    }

    private ServerSettings settings(String host, int port, JsonNode server) {
        String key = apiKey != null ? apiKey : System.getenv("HELIX_API_KEY");
        if (key == null && server.path("api_key").isTextual()) {
            key = server.get("api_key").asText();
        }
        long bytes = maxRequestBytes != null ? maxRequestBytes
                : server.path("max_request_bytes").canConvertToLong() && server.path("max_request_bytes").isIntegralNumber()
                ? server.get("max_request_bytes").asLong() : ServerSettings.DEFAULT_MAX_REQUEST_BYTES;
        int pending = maxPending != null ? maxPending
                : server.path("max_pending_requests").isInt() ? server.get("max_pending_requests").asInt() : 0;
        var origins = new java.util.ArrayList<String>();
        String fromEnv = System.getenv("HELIX_ORIGINS");
        if (fromEnv != null) {
            origins.addAll(java.util.Arrays.asList(fromEnv.split(",")));
        }
        server.path("origins").forEach(o -> origins.add(o.asText()));
        try {
            var defaults = ConnectionLimits.DEFAULTS;
            var connections = new ConnectionLimits(
                    duration(null, server, "header_read_timeout", defaults.headerTimeout()),
                    duration(null, server, "body_read_timeout", defaults.bodyTimeout()),
                    server.path("max_connections").isInt() ? server.get("max_connections").asInt()
                            : defaults.maxConnections());
            return new ServerSettings(host, port, bytes, key, pending,
                    dev.helix.server.AllowedOrigins.withDefaults(origins), connections);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
