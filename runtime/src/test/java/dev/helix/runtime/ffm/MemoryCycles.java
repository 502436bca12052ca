package dev.helix.runtime.ffm;

import dev.helix.provider.GenerationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link MemoryReturnsTest}: one warm-up cycle, then ten load/generate/close cycles of the
 * model named by its argument, printing its resident set (kB) before, while loaded, and after each cycle:
 * {@code start S}, {@code loaded L}, {@code after A} lines.
 */
public final class MemoryCycles {
    private MemoryCycles() {}

    public static void main(String[] args) throws IOException {
        var settings = new FfmModel.Settings(Path.of(args[0]), 1024, 2, 1, 1, 512, 128, 0, false);
        cycle(settings);
        System.out.println("start " + residentKb());
        for (int i = 0; i < 10; i++) {
            System.out.println("loaded " + cycle(settings));
            System.out.println("after " + residentKb());
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static long cycle(FfmModel.Settings settings) throws IOException {
        try (FfmModel model = FfmModel.load(BundledLibrary.get(), settings)) {
            String text = FfmModelTest.run(model, "Once upon a time", GenerationOptions.DEFAULTS.withTemperature(0.0),
                    16).text();
            if (text.isEmpty()) {
                throw new IllegalStateException("the model generated nothing");
            }
            return residentKb();
        }
    }

    /**
     * The resident set once freed C heap is given back: the engine trims on close, and this trims again so that
     * what the JVM's own threads (its compilers) freed since then does not count.
     */
    static long residentKb() throws IOException {
        BundledLibrary.get().trimHeap();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
