package dev.helix.runtime.grammar;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Test support for the llama.cpp JNI binding: a private native-library folder, and the tiny test model. */
final class NativeLlama {
    static final String TINY_MODEL = "stories260K.gguf";

    private static boolean prepared;

    private NativeLlama() {}

    /**
     * Points the binding's library loader at a fresh private folder. Call before the first native call: by
     * default the loader deletes every llama* and jllama* file in java.io.tmpdir, other processes' included.
     */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("helix-grammar-jllama-");
            System.setProperty("de.kherud.llama.tmpdir", dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        prepared = true;
    }

    /**
     * stories260K loaded on one thread, for tests that generate: skips the calling test class (a JUnit
     * assumption) where the model file is absent, as on a fresh clone without ../shared.
     */
    static LlamaModel loadTinyModel(int contextSize) {
        Optional<Path> path = tinyModel();
        Assumptions.assumeTrue(path.isPresent(), "skipped: test model shared/models/" + TINY_MODEL
                + " not found in any folder above " + Path.of("").toAbsolutePath());
        prepare();
        return new LlamaModel(new ModelParameters().setModel(path.get().toString()).setThreads(1)
                .setCtxSize(contextSize));
    }

    /** shared/models/stories260K.gguf in the nearest ancestor of the working directory that has it. */
    static Optional<Path> tinyModel() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("models").resolve(TINY_MODEL);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp folder is harmless
        }
    }
}
