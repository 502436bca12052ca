package dev.helix.router.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.helix.runtime.ModelLoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The config's per-key ranges must be exactly ModelLoadOptions' own, or errors would name the wrong thing. */
@Timeout(10)
class OptionsParserTest {
    @TempDir
    Path dir;

    static Stream<Arguments> ranges() {
        ModelLoadOptions d = new ModelLoadOptions(1 << 16, 0, 512, 0, true, 1, true);
        return Stream.of(
                Arguments.of("context_size", 0, 1 << 21, (IntFunction<Runnable>) v -> () -> d.withContextSize(v)),
                Arguments.of("threads", 0, 1024, (IntFunction<Runnable>) v -> () -> d.withThreads(v)),
                Arguments.of("batch_size", 1, 1 << 16, (IntFunction<Runnable>) v ->
                        () -> new ModelLoadOptions(d.contextSize(), 0, v, 0, true, 1, true)),
                Arguments.of("parallel", 0, 64, (IntFunction<Runnable>) v -> () -> d.withParallel(v)));
    }

    @ParameterizedTest(name = "{0} in [{1}, {2}]")
    @MethodSource("ranges")
    void rangesMatchModelLoadOptions(String key, int min, int max, IntFunction<Runnable> construct) throws IOException {
        for (int ok : new int[] {min, max}) {
            assertDoesNotThrow(() -> construct.apply(ok).run());
            assertDoesNotThrow(() -> load(key, ok));
        }
        for (int bad : new int[] {min - 1, max + 1}) {
            assertThrows(IllegalArgumentException.class, () -> construct.apply(bad).run());
            var e = assertThrows(ConfigException.class, () -> load(key, bad));
            assertEquals("defaults." + key + ": must be in [" + min + ", " + max + "], was " + bad, e.problems().get(0));
        }
    }

    @org.junit.jupiter.api.Test
    void engineIsChosenInDefaultsAndPerModelAndAnUnknownOneIsNamed() throws IOException {
        String yaml = "defaults: { engine: ffm }\nmodels:\n  - id: a\n    path: a.gguf\n"
                + "  - id: b\n    path: b.gguf\n    options: { engine: binding }\n";
        HelixConfig config = HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir);
        assertEquals(dev.helix.runtime.Engine.FFM, config.defaultOptions().engine());
        assertEquals(dev.helix.runtime.Engine.FFM, config.models().get(0).options().engine());
        assertEquals(dev.helix.runtime.Engine.BINDING, config.models().get(1).options().engine());
        var e = assertThrows(ConfigException.class, () -> HelixConfig.load(
                Files.writeString(dir.resolve("models.yaml"), "defaults: { engine: jni }\n"), dir));
        assertEquals("defaults.engine: must be binding or ffm, was \"jni\"", e.problems().get(0));
    }

    @org.junit.jupiter.api.Test
    void nativeDirIsChosenInDefaultsAndPerModelAndAnEmptyOneIsNamed() throws IOException {
        String yaml = "defaults: { engine: ffm, native_dir: bundled }\nmodels:\n  - id: a\n    path: a.gguf\n"
                + "  - id: b\n    path: b.gguf\n    options: { native_dir: /opt/llama/current }\n";
        HelixConfig config = HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir);
        assertEquals("bundled", config.models().get(0).options().nativeDir());
        assertEquals("/opt/llama/current", config.models().get(1).options().nativeDir());
        var e = assertThrows(ConfigException.class, () -> HelixConfig.load(
                Files.writeString(dir.resolve("models.yaml"), "defaults: { native_dir: \"\" }\n"), dir));
        assertEquals("defaults.native_dir: must be a native/build.sh install folder or bundled, was \"\"",
                e.problems().get(0));
    }

    @org.junit.jupiter.api.Test
    void gpuLayersIsAutoOrACountAndAutoIsTheDefault() throws IOException {
        assertEquals(ModelLoadOptions.GPU_LAYERS_AUTO, ModelLoadOptions.DEFAULTS.gpuLayers());
        assertEquals(ModelLoadOptions.GPU_LAYERS_AUTO,
                HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), "models: []\n"), dir)
                        .defaultOptions().gpuLayers());
        String yaml = "defaults: { gpu_layers: 12 }\nmodels:\n  - id: a\n    path: a.gguf\n"
                + "  - id: b\n    path: b.gguf\n    options: { gpu_layers: auto }\n"
                + "  - id: c\n    path: c.gguf\n    options: { gpu_layers: 0 }\n"
                + "  - id: d\n    path: d.gguf\n    options: { gpu_layers: -1 }\n";
        HelixConfig config = HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir);
        assertEquals(List.of(12, ModelLoadOptions.GPU_LAYERS_AUTO, 0, ModelLoadOptions.GPU_LAYERS_AUTO),
                config.models().stream().map(m -> m.options().gpuLayers()).toList());
        for (String bad : new String[] {"-2", "10001", "all", "1.5", "true"}) {
            var e = assertThrows(ConfigException.class, () -> HelixConfig.load(
                    Files.writeString(dir.resolve("models.yaml"), "defaults: { gpu_layers: " + bad + " }\n"), dir));
            String shown = bad.equals("all") ? "\"all\"" : bad;
            assertEquals("defaults.gpu_layers: must be auto or an integer in [0, 10000], was " + shown,
                    e.problems().get(0));
        }
        assertDoesNotThrow(() -> new ModelLoadOptions(0, 0, 512, 10_000, true, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ModelLoadOptions(0, 0, 512, -2, true, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new ModelLoadOptions(0, 0, 512, 10_001, true, 1, true));
    }

    private HelixConfig load(String key, int value) throws IOException {
        String context = key.equals("context_size") ? "" : "context_size: 65536, ";
        String yaml = "defaults: { " + context + key + ": " + value + " }\n";
        return HelixConfig.load(Files.writeString(dir.resolve("models.yaml"), yaml), dir);
    }
}
