package dev.helix.server;

import dev.helix.providers.fake.FakeUpstream;
import dev.helix.providers.fake.Fault;
import dev.helix.providers.fake.Gate;
import dev.helix.providers.upstream.ServerKind;
import dev.helix.router.LlamaCppProviders;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.router.config.ProviderConfig;
import dev.helix.router.config.RoutingConfig;
import dev.helix.router.upstream.UpstreamAdapters;
import dev.helix.router.upstream.Upstreams;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A router whose models {@code gated-0} ... {@code gated-<n-1>} are fake llama-server upstreams, each waiting at its
 * own {@link Gate} before each token ("one", " two", " three"): a test holds a request or a stream for as long as it
 * likes, with no timing. The upstreams' own read timeout is ten minutes, beyond any test's hang guard.
 */
final class GatedUpstream implements AutoCloseable {
    private final List<FakeUpstream> upstreams = new ArrayList<>();
    private final List<Gate> gates = new ArrayList<>();
    final ModelRouter router;

    GatedUpstream(Path dir, int models) {
        var providers = new ArrayList<ProviderConfig>();
        for (int i = 0; i < models; i++) {
            var upstream = FakeUpstream.start(ServerKind.LLAMA_SERVER);
            var gate = new Gate();
            upstream.script(upstream.script().withModel("gated-" + i).withTokens("one", " two", " three"));
            upstream.inject(new Fault.Slow(gate));
            upstreams.add(upstream);
            gates.add(gate);
            providers.add(new ProviderConfig("up" + i, "llama-server", upstream.baseUri(), null, List.of(), 1, 100, 0,
                    Duration.ofMinutes(10), 0, null, java.util.Map.of(), null, null));
        }
        var routing = new RoutingConfig("priority", Duration.ZERO, Duration.ZERO, 3, Duration.ofSeconds(30),
                Duration.ofSeconds(30), false, List.of("127.0.0.1"), List.of(), Duration.ofSeconds(60));
        try {
            router = new ModelRouter(new ModelCatalog(Files.createDirectories(dir.resolve("models")), List.of(),
                    ModelLoadOptions.DEFAULTS), LlamaCppProviders.runners(RunnerSettings.defaults()),
                    RouterSettings.DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var attached = new Upstreams(providers, List.of(), routing, UpstreamAdapters::open, router,
                InstantSource.system(), System::nanoTime, change -> { });
        router.attach(attached);
        try {
            attached.checkNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gate of model {@code gated-i}. */
    Gate gate(int i) {
        return gates.get(i);
    }

    /** Waits (a hang guard of 60 s only) until model {@code gated-i}'s upstream has received a chat request. */
    void awaitRequest(int i) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (upstreams.get(i).requests("POST /v1/chat/completions").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("upstream " + i + " got no chat request");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        gates.forEach(Gate::open);
        router.close();
        upstreams.forEach(FakeUpstream::close);
    }
}
