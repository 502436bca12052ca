package dev.helix.server;

import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.router.upstream.Upstreams;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A router whose one provider is a managed "server" that only prints a line and sleeps: a real child process for
 * tests of starting, stopping and reading managed providers, found afterwards by {@code dir} in its command line.
 */
public record SleeperProvider(ModelRouter router, Upstreams upstreams) {
    public static final String NAME = "sleeper";
    public static final String GREETING = "hello from sleeper";

    /** The configuration in {@code dir/models.yaml}, the router and its upstreams, attached and not started. */
    public static SleeperProvider in(Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("models.yaml"), """
                models_dir: %s
                discovery: {enabled: false}
                providers:
                  %s:
                    type: llama-server
                    models: [sleepy]
                    managed:
                      command: [sh, -c, "echo %s; exec sleep 1000", "%s"]
                      start_timeout: 10m
                      stop_grace: 5s
                """.formatted(Files.createDirectories(dir.resolve("models")), NAME, GREETING, dir));
        HelixConfig config = HelixConfig.load(yaml, dir.resolve("server-home"));
        var router = new ModelRouter(config.catalog(), LlamaCppProviders.runners(RunnerSettings.defaults()),
                config.routerSettings());
        var upstreams = UpstreamAdapters.configured(config, router);
        router.attach(upstreams);
        return new SleeperProvider(router, upstreams);
    }
}
