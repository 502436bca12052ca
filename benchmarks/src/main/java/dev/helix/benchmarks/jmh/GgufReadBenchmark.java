package dev.helix.benchmarks.jmh;

import dev.helix.runtime.gguf.GgufMetadata;
import dev.helix.runtime.gguf.GgufReader;
import dev.helix.runtime.gguf.RandomLlamaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a GGUF header ({@code GgufReader.read}: key/values and tensor table, never the weights), as listing,
 * {@code /api/show} and every model load do. The tiny generated model with a 1,024-token vocabulary, and with a
 * 32,000-token one (Llama's), whose token arrays dominate the header. The file is in the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GgufReadBenchmark {
    @Param({"1024", "32000"})
    int vocabulary;

    private Path file;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("helix-jmh-", ".gguf");
        RandomLlamaModel.tiny().withVocabularySize(vocabulary).write(file);
    }

    @Benchmark
    public GgufMetadata read() {
        return GgufReader.read(file);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }
}
