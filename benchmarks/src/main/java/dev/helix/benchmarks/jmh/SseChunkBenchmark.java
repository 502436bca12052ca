package dev.helix.benchmarks.jmh;

import dev.helix.protocol.WireJson;
import dev.helix.protocol.openai.ChatCompletionChunk;
import dev.helix.protocol.stream.SseWriter;
import dev.helix.server.ResponseStream;
import java.time.Instant;
import java.util.List;
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
 * What {@code /v1/chat/completions} writes per streamed token: a {@link ChatCompletionChunk} built as the route
 * builds it, serialised by the wire JSON mapper and framed as an SSE event by {@link SseWriter} onto a
 * {@link ResponseStream} (here over a sink that only counts bytes, so the network is not measured).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SseChunkBenchmark {
    private final CountingSink sink = new CountingSink();
    private SseWriter sse;
    private final String id = "chatcmpl-0123456789abcdef0123456789abcdef";
    private final long created = Instant.now().getEpochSecond();

    @Setup
    public void setUp() {
        sse = new SseWriter(ResponseStream.over(sink), WireJson.mapper());
    }

    @Benchmark
    public long tokenEvent() {
        sse.event(new ChatCompletionChunk(id, "chat.completion.chunk", created, "random-60m-f32",
                List.of(new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta(null, " little"), null, null)),
                null));
        return sink.bytes();
    }
}
