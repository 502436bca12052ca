package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.Engine;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.TodaysArchitecture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model of an architecture the bundled llama.cpp (b4916) does not know is refused before native code sees it, with
 * a message that says what it needs; the architectures it knows, and files that name none, go through.
 */
class BundledArchitecturesTest {

    @TempDir
    Path dir;

    @Test
    void refusesAnArchitectureB4916LacksNamingTheLibraryItNeedsAndHowToBuildIt() {
        var e = assertThrows(ModelLoadException.class,
                () -> BundledArchitectures.requireSupported("qwen3-8b", Path.of("/models/q.gguf"), "qwen3"));
        assertEquals("qwen3-8b (/models/q.gguf) uses architecture qwen3, which the bundled llama.cpp (b4916) cannot"
                + " load: it needs the current llama.cpp library, which `native/build.sh --backend cpu` builds into"
                + " ~/.helix/native/cpu/current, loaded by the ffm engine (`engine: ffm`)", e.getMessage());
        for (String newer : new String[] {"gemma3n", "gpt-oss", "llama4", "glm4moe", "plm"}) {
            assertThrows(ModelLoadException.class,
                    () -> BundledArchitectures.requireSupported("m", Path.of("m.gguf"), newer), newer);
        }
    }

    @Test
    void letsThroughWhatB4916LoadsAndFilesWithoutAnArchitecture() {
        for (String known : new String[] {"llama", "qwen2", "gemma3", "phi3", "bert", "nomic-bert", "rwkv7"}) {
            BundledArchitectures.requireSupported("m", Path.of("m.gguf"), known);
        }
        BundledArchitectures.requireSupported("m", Path.of("m.gguf"), null);
        assertEquals(60, BundledArchitectures.SUPPORTED.size(), "b4980's 61 names less plm");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"QWEN3, BINDING", "QWEN3, FFM", "GEMMA3N, BINDING", "GEMMA3N, FFM"})
    void anInlineLoadOfATodaysFileB4916LacksIsRefusedBeforeNativeCodeSeesIt(TodaysArchitecture architecture,
                                                                             Engine engine) throws Exception {
        Path file = dir.resolve(architecture.architecture() + ".gguf");
        architecture.write(TodaysArchitecture.smallestShape(), file);
        var options = ModelLoadOptions.DEFAULTS.withEngine(engine).withNativeDir("bundled");
        var e = assertThrows(ModelLoadException.class,
                () -> LlamaCppProvider.load("random", file, options, Duration.ofSeconds(1)));
        assertEquals("random (" + file + ") uses architecture " + architecture.architecture() + ", which the bundled"
                + " llama.cpp (b4916) cannot load: it needs the current llama.cpp library, which `native/build.sh"
                + " --backend cpu` builds into ~/.helix/native/cpu/current, loaded by the ffm engine (`engine: ffm`)",
                e.getMessage());
    }
}
