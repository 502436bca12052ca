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
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Serve the models over the OpenAI (/v1) and Ollama (/api) APIs until stopped.")
final class ServeCommand implements Callable<Integer> {
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
        ProviderFactory factory = inline ? LlamaCppProviders.inline(c.queueTimeout())
                : LlamaCppProviders.runners(RunnerSettings.defaults().withQueueTimeout(c.queueTimeout()));
        // The router (catalog scan, caches) starts on another core while the HTTP stack starts on this one: both are
        // mostly class loading, and side by side they save ~0.15 s of a ~1.5 s start on 2 cores.
        CompletableFuture<ModelRouter> starting = CompletableFuture.supplyAsync(() -> {
            var router = new ModelRouter(c.catalog(), factory, c.routerSettings());
            var upstreams = UpstreamAdapters.configured(c, router);
            router.attach(upstreams);
            upstreams.start();
            return router;
        }, task -> Thread.ofPlatform().name("helix-router-start").start(task));
        HelixServer http;
        try {
            http = HelixServer.start(settings, starting, Version.current());
        } catch (RuntimeException e) {
            starting.thenAccept(ModelRouter::close);
            throw new CliException(ListenCheck.problem(e, host, port)); // the port was taken since the check
        }
        ModelRouter router = starting.join();
        AutoCloseable reloading = Reloading.start(config, router, c, http);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                reloading.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
            http.close();
            router.close();
            stopped.countDown();
        }, "helix-shutdown"));
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
        stopped.await();
        return 0;
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
            return new ServerSettings(host, port, bytes, key, pending,
                    dev.helix.server.AllowedOrigins.withDefaults(origins));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
