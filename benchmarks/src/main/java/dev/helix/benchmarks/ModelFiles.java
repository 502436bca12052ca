package dev.helix.benchmarks;

import dev.helix.runtime.gguf.GgmlType;
import dev.helix.runtime.gguf.RandomLlamaModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The generated benchmark models, written once into a cache folder and reused: the writer is deterministic, so a
 * file with the expected name is the expected model. A file is written under a temporary name and moved into place,
 * so an interrupted run never leaves a half-written model behind.
 */
public final class ModelFiles {
    /** The benchmark presets; see {@link RandomLlamaModel}. */
    public enum Preset {
        TINY("tiny", "tiny", RandomLlamaModel.tiny()),
        SMALL_15M("15m", "small", RandomLlamaModel.small15M()),
        /**
         * 48,502,272 parameters, 194 MB as F32 (issue 15's "192 MB F32 random llama"): vocabulary 32,000, n_embd
         * 512, 5 blocks, 8 heads of 64 / 4 KV heads, n_ff 1536: the 60M preset with 5 blocks and grouped-query
         * attention, as a 50M llama is shaped.
         */
        BASE_50M("50m", "base", RandomLlamaModel.medium60M().withShape(512, 5, 8, 4, 1536)
                .withName("helix-random-50M")),
        MEDIUM_60M("60m", "medium", RandomLlamaModel.medium60M()),
        LARGE_150M("150m", "large", RandomLlamaModel.large150M());

        private final String label;
        private final String alias;
        private final RandomLlamaModel model;

        Preset(String label, String alias, RandomLlamaModel model) {
            this.label = label;
            this.alias = alias;
            this.model = model;
        }

        /** The preset with this label or alias ({@code 60m} or {@code medium}), in any case. */
        public static Optional<Preset> named(String name) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(p -> p.label.equals(key) || p.alias.equals(key)).findFirst();
        }

        public String label() {
            return label;
        }

        public RandomLlamaModel model(GgmlType type) {
            return model.withTensorType(type);
        }
    }

    private final Path folder;

    public ModelFiles(Path folder) {
        this.folder = folder;
    }

    /** The file name a preset and type are cached under, e.g. {@code random-60m-f32.gguf}. */
    public static String fileName(Preset preset, GgmlType type) {
        return "random-" + preset.label() + "-" + type.name().toLowerCase(Locale.ROOT).replace("_", "") + ".gguf";
    }

    /** The model file, written first if the cache does not have it. */
    public Path get(Preset preset, GgmlType type) throws IOException {
        Path file = folder.resolve(fileName(preset, type));
        if (Files.isRegularFile(file)) {
            return file;
        }
        Files.createDirectories(folder);
        Path partial = folder.resolve(file.getFileName() + ".partial");
        long start = System.nanoTime();
        long bytes = preset.model(type).write(partial);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(Locale.ROOT, "wrote %s (%.1f MB, %,d parameters) in %.1f s%n", file, bytes / 1e6,
                preset.model(type).parameterCount(), (System.nanoTime() - start) / 1e9);
        return file;
    }
}
