package dev.helix.benchmarks.jmh;

import dev.helix.protocol.WireJson;
import dev.helix.protocol.ollama.OllamaResponse;
import dev.helix.protocol.stream.NdjsonWriter;
import dev.helix.server.ResponseStream;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code /api/chat} writes per streamed token: the piece the route builds ({@link OllamaResponse#chatPiece}
 * with the {@code created_at} timestamp formatted as the route does, {@code Instant.toString()}), serialised by the wire JSON mapper and written as one NDJSON
 * line by {@link NdjsonWriter} onto a {@link ResponseStream} over a sink that only counts bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class NdjsonChunkBenchmark {
    private final CountingSink sink = new CountingSink();
    private NdjsonWriter ndjson;

    @Setup
    public void setUp() {
        ndjson = new NdjsonWriter(ResponseStream.over(sink), WireJson.mapper());
    }

    @Benchmark
    public long tokenLine() {
        ndjson.line(OllamaResponse.chatPiece("random-60m-f32", Instant.now().toString(),
                new OllamaResponse.Message("assistant", " little")));
        return sink.bytes();
    }
}
