package dev.helix.benchmarks.jmh;

import dev.helix.provider.Chunk;
import dev.helix.provider.ChunkStream;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Provider;
import dev.helix.provider.Timings;
import dev.helix.provider.Usage;
import dev.helix.router.Lease;
import dev.helix.server.Generation;
import dev.helix.server.ModelAccess;
import dev.helix.server.observe.FinishedRequest;
import dev.helix.server.observe.ObserveRoutes;
import dev.helix.server.observe.Observability;
import dev.helix.server.observe.RequestRecord;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What watching a request costs on its path, before ({@code hooks=off}: a generation as before issue 13) and after
 * ({@code hooks=on}: the request id, the {@link RequestRecord}, the per-chunk check for the usage, and at the end the
 * metrics, the recent list and the live feed, as the server's first and last handlers do it). One operation is one
 * streamed request of {@code tokens} chunks from an in-memory stream, so the difference is the hooks' whole cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ObservabilityBenchmark {
    @Param({"off", "on"})
    public String hooks;

    @Param({"32"})
    public int tokens;

    private Observability observability;
    private Chunk[] chunks;
    private final Lease lease = new Lease() {
        @Override
        public String name() {
            return "random-60m-f32";
        }

        @Override
        public Provider provider() {
            return null; // the stream below is made without it
        }

        @Override
        public long loadNanos() {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    @Setup(Level.Trial)
    public void setUp() {
        observability = Observability.defaults();
        observability.start(new ModelAccess(new CompletableFuture<>(), 0));
        chunks = new Chunk[tokens + 1];
        for (int i = 0; i < tokens; i++) {
            chunks[i] = new Chunk.Token(" tok" + i);
        }
        chunks[tokens] = new Chunk.Done(FinishReason.LENGTH, new Usage(12, tokens), Timings.NONE);
    }

    private final dev.helix.server.InFlight inFlight = new dev.helix.server.InFlight();

    @TearDown(Level.Trial)
    public void tearDown() {
        observability.close();
    }

    @Benchmark
    public long streamedRequest() {
        boolean on = hooks.equals("on");
        RequestRecord record = on ? new RequestRecord(ObserveRoutes.newRequestId(), Instant.now(), System.nanoTime(),
                "POST", "/v1/chat/completions") : null;
        long seen = 0;
        try (var ticket = inFlight.enter();
             Generation generation = Generation.start(lease, l -> new ArrayStream(chunks), ticket, () -> { },
                     record)) {
            while (generation.hasNext()) {
                if (generation.next() instanceof Chunk.Token t) {
                    seen += t.text().length();
                }
            }
        }
        if (on) {
            FinishedRequest done = record.finish(200, "openai", "/v1/chat/completions", System.nanoTime(), null);
            observability.finished(done);
            seen += done.tokensOut();
        }
        return seen;
    }

    /** A stream over chunks already made. */
    private static final class ArrayStream implements ChunkStream {
        private final Chunk[] chunks;
        private int next;

        ArrayStream(Chunk[] chunks) {
            this.chunks = chunks;
        }

        @Override
        public boolean hasNext() {
            return next < chunks.length;
        }

        @Override
        public Chunk next() {
            return chunks[next++];
        }

        @Override
        public void close() {
        }
    }
}
