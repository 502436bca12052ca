package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Unloading returns the memory in-process: load, generate and close a 15M-parameter model (about 30 MB of weights
 * read into memory, plus a 16 MB KV cache) ten times; the resident set ends within 20 MB of where it began, where a
 * leak of one cycle alone would exceed it. A count of memory, not of time.
 */
@Timeout(300)
class MemoryReturnsTest {
    private static final long LIMIT_KB = 20 * 1024;

    @Test
    void loadGenerateCloseTenTimesReturnsTheMemory() throws IOException {
        Path file = TestModels.custom(RandomLlamaModel.small15M());
        var settings = new FfmModel.Settings(file, 1024, 2, 1, 1, 512, 128, 0, false);
        cycle(settings); // the library's own one-time allocations (backend, threads) are not what is measured
        long start = residentKb();
        long peak = 0;
        var after = new java.util.ArrayList<Long>();
        for (int i = 0; i < 10; i++) {
            peak = Math.max(peak, cycle(settings));
            after.add(residentKb());
        }
        long end = residentKb();
        assertTrue(peak - start > LIMIT_KB, "a loaded model takes more than the limit, or the test proves nothing: "
                + "start " + start + " kB, peak " + peak + " kB");
        assertTrue(end - start < LIMIT_KB, "resident set grew from " + start + " kB to " + end
                + " kB over 10 cycles (after each: " + after + " kB)");
    }

    /** One load, generation and close; the resident set while loaded. */
    private static long cycle(FfmModel.Settings settings) throws IOException {
        long loaded;
        try (FfmModel model = FfmModel.load(BundledLibrary.get(), settings)) {
            String text = FfmModelTest.run(model, "Once upon a time", GenerationOptions.DEFAULTS.withTemperature(0.0),
                    16).text();
            assertFalse(text.isEmpty());
            loaded = residentKb();
        }
        return loaded;
    }

    private static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
