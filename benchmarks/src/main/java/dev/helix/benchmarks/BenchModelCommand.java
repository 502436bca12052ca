package dev.helix.benchmarks;

import dev.helix.runtime.gguf.GgmlType;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.server.cli.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Write a llama GGUF with random weights: the compute of a real small model, nothing to "
                + "download. Deterministic: the same arguments give the same bytes.",
                "Presets: tiny (0.3M parameters), 15m, 60m, 150m. Sizes: 60m F32 ~240 MB, 150m Q8_0 ~160 MB, "
                        + "150m F16 ~300 MB."})
final class BenchModelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PRESET", description = "tiny, 15m, 60m or 150m.")
    String preset;

    @Parameters(index = "1", paramLabel = "FILE", description = "Where to write the .gguf file.")
    Path file;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "F16",
            description = "Weight type: F32, F16 or Q8_0 (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--seed", paramLabel = "N", description = "Weight seed (default: the preset's).")
    Long seed;

    @Option(names = "--context", paramLabel = "N", description = "Trained context length written to the file.")
    Integer context;

    @Override
    public Integer call() throws IOException {
        ModelFiles.Preset named = ModelFiles.Preset.named(preset).orElseThrow(() -> new BenchException(
                "unknown preset \"" + preset + "\": tiny, 15m, 60m or 150m"));
        RandomLlamaModel model;
        GgmlType tensorType;
        try {
            tensorType = GgmlType.valueOf(type.trim().toUpperCase(Locale.ROOT));
            model = named.model(tensorType);
            if (seed != null) {
                model = model.withSeed(seed);
            }
            if (context != null) {
                model = model.withContextLength(context);
            }
        } catch (IllegalArgumentException e) {
            throw new BenchException("--type " + type + ": " + e.getMessage());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long start = System.nanoTime();
        long bytes = model.write(file);
        System.out.printf(Locale.ROOT, "wrote %s: %,d parameters, %s, %.1f MB in %.1f s%n", file,
                model.parameterCount(), tensorType, bytes / 1e6, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
