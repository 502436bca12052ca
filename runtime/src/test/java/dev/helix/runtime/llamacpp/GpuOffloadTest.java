package dev.helix.runtime.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.ModelLoadException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gpu.GpuDevice;
import dev.helix.runtime.gpu.GpuDevices;
import dev.helix.runtime.testing.TestEngine;
import dev.helix.runtime.testing.TestModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GPU layers a load gets: planned from the devices for auto, as configured otherwise, lowered when the load
 * fails; and a real load on this machine's CPU library with a made-up GPU, which llama.cpp ignores.
 */
@Timeout(120)
@Tag(TestEngine.TAG)
class GpuOffloadTest {
    private static final GpuDevices BIG_GPU = () -> List.of(new GpuDevice(0, "made-up GPU", 80L << 30, 80L << 30));
    private final List<Integer> tried = new ArrayList<>();

    private LoadParameters resolved(ModelLoadOptions options) {
        var file = TestModels.tiny();
        return LoadParameters.resolve(file, options.withContextSize(256).withParallel(1), ModelFacts.read(file), 2);
    }

    /** Records each try's layers; fails above {@code fits} as a load that runs out of device memory does. */
    private java.util.function.Function<LoadParameters, ModelEngine> engine(int fits) {
        return p -> {
            tried.add(p.gpuLayers());
            if (p.gpuLayers() > fits) {
                throw new ModelLoadException("llama.cpp could not load " + p.model(), null);
            }
            return null; // nothing is loaded: the parameters are what is checked
        };
    }

    @Test
    void autoPlansAllLayersOnABigGpuAndFallsBackWhenTheLoadFails() {
        var loaded = GpuOffload.load(resolved(ModelLoadOptions.DEFAULTS), ModelFacts.read(TestModels.tiny()),
                BIG_GPU, null, engine(2));
        assertEquals(List.of(5, 2), tried); // 4 layers and the output layer, then half
        assertEquals(2, loaded.parameters().gpuLayers());
        assertEquals(512, loaded.parameters().microBatch()); // GPU-sized batches
    }

    @Test
    void autoWithoutAGpuIsTheCpuAsBefore() {
        var loaded = GpuOffload.load(resolved(ModelLoadOptions.DEFAULTS), ModelFacts.read(TestModels.tiny()),
                GpuDevices.none(), null, engine(100));
        assertEquals(List.of(0), tried);
        assertEquals(0, loaded.parameters().gpuLayers());
        assertEquals(128, loaded.parameters().microBatch());
    }

    @Test
    void aConfiguredCountIsCappedAndNeverAsksTheDevices() {
        GpuDevices unasked = () -> {
            throw new AssertionError("the devices are asked only for gpu_layers: auto");
        };
        var options = new ModelLoadOptions(0, 0, 512, 999, true, 0, true);
        var loaded = GpuOffload.load(resolved(options), ModelFacts.read(TestModels.tiny()), unasked,
                null, engine(100));
        assertEquals(List.of(5), tried);
        assertEquals(5, loaded.parameters().gpuLayers());
    }

    @Test
    void autoOnTheJarsCpuLibraryStaysOnTheCpuBesideAGpu() {
        GpuDevices unasked = () -> {
            throw new AssertionError("a CPU-only library has no use for the GPUs' figures");
        };
        var loaded = GpuOffload.load(resolved(ModelLoadOptions.DEFAULTS), ModelFacts.read(TestModels.tiny()),
                unasked, "a CPU build", engine(100));
        assertEquals(List.of(0), tried);
        assertEquals(128, loaded.parameters().microBatch());
        // a number is passed as configured, as before
        GpuOffload.load(resolved(new ModelLoadOptions(0, 0, 512, 3, true, 0, true)),
                ModelFacts.read(TestModels.tiny()), unasked, "a CPU build", engine(100));
        assertEquals(List.of(0, 3), tried);
    }

    @Test
    void layersPlannedOntoAGpuTheLibraryLacksStillLoad() {
        var resolved = resolved(TestEngine.defaults());
        var loaded = GpuOffload.load(resolved, ModelFacts.read(TestModels.tiny()), BIG_GPU, null,
                p -> switch (p.options().engine()) {
                    case BINDING -> NativeModel.load(p);
                    case FFM -> FfmEngine.load(p, dev.helix.runtime.ffm.LibrarySource.resolve(p.options().nativeDir()));
                });
        try (var engine = loaded.engine()) {
            assertEquals(5, loaded.parameters().gpuLayers()); // n_gpu_layers 5 given to a CPU build: ignored
            assertTrue(engine.tokenize("Once upon a time").length > 0);
        }
    }

    @Test
    void aModelPlannedOntoAGpuTheCpuLibraryLacksStillLoadsAndGenerates() {
        try (var provider = LlamaCppProvider.load("tiny", TestModels.tiny(),
                TestEngine.defaults().withContextSize(256).withParallel(1), Duration.ofSeconds(60), false, BIG_GPU)) {
            var c = provider.complete(new CompletionRequest("tiny", "Once upon a time",
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(3))).collect();
            assertTrue(c.usage().completionTokens() > 0, c.toString());
        }
    }

    @Test
    void autoOnACpuOnlyInstallNeverAsksTheGpus() {
        String configured = System.getProperty("helix.native.dir", System.getenv("HELIX_NATIVE_DIR"));
        java.nio.file.Path install = configured != null && !configured.isBlank() && !configured.equals("bundled")
                ? java.nio.file.Path.of(configured)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isRegularFile(install.resolve("lib/libllama.so")), "no current llama.cpp build at "
                        + install + ": `native/build.sh --backend cpu` makes one (about 11 min, so CI has none)");
        var library = dev.helix.runtime.ffm.LibrarySource.resolve(install.toString()).open();
        org.junit.jupiter.api.Assumptions.assumeFalse(library.supportsGpuOffload(),
                install + " was built with a GPU backend; this test is about a CPU-only one");
        GpuDevices unasked = () -> {
            throw new AssertionError("a CPU-only install has no use for the GPUs' figures");
        };
        var options = TestEngine.defaults().withEngine(dev.helix.runtime.Engine.FFM).withNativeDir(install.toString())
                .withContextSize(256).withParallel(1);
        try (var provider = LlamaCppProvider.load("tiny", TestModels.tiny(), options, Duration.ofSeconds(60), false,
                unasked)) {
            var c = provider.complete(new CompletionRequest("tiny", "Once upon a time",
                    GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(3))).collect();
            assertTrue(c.usage().completionTokens() > 0, c.toString());
        }
    }

    @Test
    void theJarsLibraryCannotOffload() {
        assertFalse(dev.helix.runtime.ffm.LibrarySource.resolve("bundled").open().supportsGpuOffload());
    }
}
