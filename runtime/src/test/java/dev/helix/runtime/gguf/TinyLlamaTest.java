package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.Chunk;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.llamacpp.RunnerProvider;
import dev.helix.runtime.llamacpp.RunnerSettings;
import dev.helix.runtime.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's shipped model: small, the same bytes every time, and a runner loads it and generates with it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag(TestEngine.TAG)
class TinyLlamaTest {
    @TempDir
    Path dir;

    @Test
    void isAFewHundredKilobytesAndTheSameEveryTime() throws Exception {
        long size = TinyLlama.write(dir.resolve("a.gguf"));
        TinyLlama.write(dir.resolve("b.gguf"));
        assertTrue(size > 100_000 && size < 600_000, "size " + size);
        assertEquals(size, Files.size(dir.resolve("a.gguf")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.gguf")), Files.readAllBytes(dir.resolve("b.gguf")));
        var metadata = GgufReader.read(dir.resolve("a.gguf"));
        assertEquals("llama", metadata.architecture());
    }

    /** The runner's native log on, as the doctor asks for it. */
    private static RunnerSettings verbose() {
        var d = RunnerSettings.defaults();
        var options = new ArrayList<>(d.jvmOptions());
        options.add("-Dorg.slf4j.simpleLogger.log.dev.helix.llama.cpp=debug");
        return new RunnerSettings(d.java(), d.classpath(), options, d.startTimeout(), d.loadTimeout(),
                d.queueTimeout(), d.stallTimeout(), d.clock());
    }

    @Test
    void aRunnerLoadsItAndGeneratesTokens() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        TinyLlama.write(file);
        var options = new GenerationOptions(8, 0.0, null, null, null, null, null, null, null, 1L, List.of(), null);
        try (var runner = RunnerProvider.start("tiny", file, TestEngine.defaults().withContextSize(128)
                .withThreads(1).withParallel(1), verbose())) {
            List<Chunk> chunks = new ArrayList<>();
            try (var stream = runner.complete(new CompletionRequest("tiny", "hello world", null, options))) {
                stream.forEachRemaining(chunks::add);
            }
            var done = (Chunk.Done) chunks.getLast();
            assertTrue(done.usage().completionTokens() > 0, chunks.toString());
            assertTrue(runner.output().stream().anyMatch(l -> l.contains("system_info: ")), runner.output().toString());
        }
    }
}
