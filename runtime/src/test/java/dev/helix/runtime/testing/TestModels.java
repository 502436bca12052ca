package dev.helix.runtime.testing;

import dev.helix.runtime.gguf.GgufSplitWriter;
import dev.helix.runtime.gguf.GgufWriter;
import dev.helix.runtime.gguf.RandomLlamaModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Generated GGUF model files for tests, written once per JVM (on first use, thread-safe) into a temporary
 * directory that is deleted when the JVM exits. The files are real llama models llama.cpp loads in
 * milliseconds; their weights are random, so their text is noise.
 *
 * <p>Treat the returned files as read-only: they are shared by every test in the JVM. Use
 * {@link #copyOf(Path, String)} for a file of your own.
 */
public final class TestModels {

    private TestModels() {
    }

    /** Lazily created root directory and cache of written models. */
    private static final class Holder {
        static final Path ROOT = createRoot();
        static final Map<RandomLlamaModel, Path> MODELS = new ConcurrentHashMap<>();
        static final AtomicInteger COUNTER = new AtomicInteger();
        static final Map<Integer, Path> POOLED = new ConcurrentHashMap<>();

        private static Path createRoot() {
            try {
                Path root = Files.createTempDirectory("helix-test-models-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root)));
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@link RandomLlamaModel#tiny()}: 1024-token vocabulary, ChatML template, F16, ~330K parameters. */
    public static Path tiny() {
        return custom(RandomLlamaModel.tiny());
    }

    /** The tiny model without a chat template. */
    public static Path tinyWithoutTemplate() {
        return custom(RandomLlamaModel.tiny().withoutChatTemplate().withName("helix-random-tiny-no-template"));
    }

    /** The tiny model with another vocabulary size (at least 262), e.g. 32000 for a Llama-sized vocabulary. */
    public static Path tinyWithVocabulary(int vocabularySize) {
        return custom(RandomLlamaModel.tiny().withVocabularySize(vocabularySize));
    }

    /**
     * The tiny model declaring {@code llama.pooling_type} (llama.h's {@code enum llama_pooling_type}: 0 none,
     * 1 mean, 2 cls, 3 last, 4 rank), written once per JVM per type.
     */
    public static Path tinyPooled(int poolingType) {
        return Holder.POOLED.computeIfAbsent(poolingType, type -> {
            Path file = Holder.ROOT.resolve("tiny-pooling-" + type + ".gguf");
            try {
                RandomLlamaModel.tiny().write(file, w -> w.putUint32("llama.pooling_type", type));
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        });
    }

    /** Any generated model, written once per JVM for equal descriptions. */
    public static Path custom(RandomLlamaModel model) {
        return Holder.MODELS.computeIfAbsent(model, TestModels::write);
    }

    /**
     * A well-formed GGUF file with nothing but a header ({@code general.architecture = llama}, no tensors, no
     * hyperparameters): header readers accept it, llama.cpp refuses to load it. Tiny and quick to write.
     */
    public static Path headerOnly(Path directory, String name) {
        Path file = directory.resolve(name);
        try {
            new GgufWriter().putString("general.architecture", "llama").write(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * A model file split into {@code parts} files in {@code directory} as llama.cpp's gguf-split writes them
     * ({@code PREFIX-00001-of-0000N.gguf}, ...; see {@link GgufSplitWriter}); the first part first.
     */
    public static List<Path> split(Path model, Path directory, String prefix, int parts) {
        try {
            Files.createDirectories(directory);
            return GgufSplitWriter.split(model, directory, prefix, parts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot split " + model, e);
        }
    }

    /** A copy of a model file under a new file name, in a fresh directory of its own. */
    public static Path copyOf(Path model, String newName) {
        try {
            Path dir = Files.createDirectory(Holder.ROOT.resolve("copy-" + Holder.COUNTER.incrementAndGet()));
            return copyOf(model, dir, newName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a model file under a new file name in the given directory (e.g. a JUnit {@code @TempDir}). */
    public static Path copyOf(Path model, Path directory, String newName) {
        try {
            return Files.copy(model, directory.resolve(newName), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(RandomLlamaModel model) {
        String name = (model.name() == null ? "model" : model.name()) + "-" + model.tensorType() + "-"
                + Holder.COUNTER.incrementAndGet() + ".gguf";
        Path file = Holder.ROOT.resolve(name);
        try {
            model.write(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test model " + file, e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }
}
