package dev.helix.benchmarks.jmh;

import dev.helix.router.KeepAlive;
import dev.helix.router.Lease;
import dev.helix.router.ModelCatalog;
import dev.helix.router.ModelEntry;
import dev.helix.router.ModelRouter;
import dev.helix.router.RouterSettings;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.EmbeddingRequest;
import dev.helix.provider.Embeddings;
import dev.helix.provider.Health;
import dev.helix.provider.ModelInfo;
import dev.helix.provider.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The routing decision for a model that is already loaded: {@code ModelRouter.acquire} (name resolution, the lock,
 * the lease, the keep-alive bookkeeping) and the lease's close, once per request. The provider does nothing, so only
 * the router is measured; {@code models} is how many models the catalog holds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoutingBenchmark {
    @Param({"1", "64"})
    int models;

    private Path folder;
    private ModelRouter router;
    private String name;

    @Setup
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("helix-jmh-routing-");
        List<ModelEntry> entries = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            Path file = Files.createFile(folder.resolve("model-" + i + ".gguf"));
            entries.add(ModelEntry.ofFile(file, null));
        }
        router = new ModelRouter(ModelCatalog.of(entries), entry -> new IdleProvider(entry.id()),
                RouterSettings.DEFAULTS.withMaxLoadedModels(1).withDefaultKeepAlive(KeepAlive.FOREVER));
        name = "model-" + (models - 1);
        router.acquire(name, null).close();
    }

    @Benchmark
    public Provider acquireAndRelease() {
        try (Lease lease = router.acquire(name, null)) {
            return lease.provider();
        }
    }

    /** Both cores asking at once: the cost of the router's one lock under contention. */
    @Benchmark
    @Threads(2)
    public Provider acquireAndReleaseTwoThreads() {
        try (Lease lease = router.acquire(name, null)) {
            return lease.provider();
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        router.close();
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(folder);
    }

    /** A loaded model that serves nothing: routing is all that runs. */
    record IdleProvider(String name) implements Provider {
        @Override
        public String id() {
            return "idle:" + name;
        }

        @Override
        public List<ModelInfo> models() {
            return List.of(ModelInfo.named(name, id()));
        }

        @Override
        public Health health() {
            return Health.up();
        }

        @Override
        public ChunkStream chat(ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChunkStream complete(CompletionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Embeddings embed(EmbeddingRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
