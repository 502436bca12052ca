package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What ships and which way the modules depend. helix.jar holds Helix and its libraries and nothing made for tests or
 * benchmarks, and the binding's natives only for the platforms README lists; no module below the server (every module
 * but server and benchmarks) refers to {@code dev.helix.server}, in its main code or its tests, or depends on it.
 */
class ArchitectureIT {
    private static final Path JAR = Path.of("target", "helix.jar");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Set<String> ABOVE_THE_REST = Set.of("server", "benchmarks");
    private static final Pattern SERVER_PACKAGE = Pattern.compile("\\bdev\\.helix\\.server\\b");

    @Test
    void theJarShipsNothingOfTheBenchmarksOrJmh() {
        Set<String> entries = jarEntries();
        assertTrue(entries.contains("dev/helix/server/cli/Main.class"), "read the jar: " + JAR.toAbsolutePath());
        assertEquals(Set.of(), matching(entries, e -> e.startsWith("dev/helix/benchmarks/")
                || e.startsWith("dev/helix/server/bench/") || e.startsWith("org/openjdk/jmh/")
                || e.equals("META-INF/BenchmarkList")));
    }

    @Test
    void theJarShipsNoClassOfRuntimesTestJarThatIsTheGgufWriterAndTheGeneratedModels() {
        Set<String> fixtures = classesBeside(TestModels.class);
        assertTrue(fixtures.contains("dev/helix/runtime/gguf/GgufWriter.class")
                && fixtures.contains("dev/helix/runtime/gguf/RandomLlamaModel.class"), fixtures.toString());
        Set<String> shipped = jarEntries();
        assertEquals(Set.of(), matching(fixtures, shipped::contains));
    }

    @Test
    void theJarShipsTheBindingsNativesForTheListedPlatformsOnly() {
        assertEquals(Set.of("de/kherud/llama/Linux/x86_64/libjllama.so", "de/kherud/llama/Linux/aarch64/libjllama.so",
                        "de/kherud/llama/Mac/x86_64/libjllama.dylib", "de/kherud/llama/Mac/aarch64/libjllama.dylib",
                        "de/kherud/llama/Windows/x86_64/jllama.dll"),
                matching(jarEntries(), e -> e.startsWith("de/kherud/llama/") && !e.endsWith("/")
                        && !e.endsWith(".class")));
    }

    @Test
    void noModuleBelowTheServerRefersToIt() throws IOException {
        List<Path> below;
        try (Stream<Path> modules = Files.list(ROOT)) {
            below = modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
                    .filter(m -> !ABOVE_THE_REST.contains(m.getFileName().toString())).sorted().toList();
        }
        assertTrue(below.stream().map(m -> m.getFileName().toString()).toList().containsAll(
                List.of("api", "protocol", "runtime", "router")), below.toString());
        Set<String> offenders = new TreeSet<>();
        for (Path module : below) {
            String pom = Files.readString(module.resolve("pom.xml"));
            if (pom.contains("<artifactId>helix-server</artifactId>")
                    || pom.contains("<artifactId>helix-benchmarks</artifactId>")) {
                offenders.add(ROOT.relativize(module.resolve("pom.xml")).toString());
            }
            if (Files.isDirectory(module.resolve("src"))) {
                try (Stream<Path> files = Files.walk(module.resolve("src"))) {
                    files.filter(f -> f.toString().endsWith(".java") && SERVER_PACKAGE.matcher(read(f)).find())
                            .forEach(f -> offenders.add(ROOT.relativize(f).toString()));
                }
            }
        }
        assertEquals(Set.of(), offenders);
        assertFalse(Files.readString(ROOT.resolve("server/pom.xml")).contains("helix-benchmarks"),
                "the server never depends on the benchmarks");
    }

    private static Set<String> jarEntries() {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR.toAbsolutePath());
        try (FileSystem jar = FileSystems.newFileSystem(JAR)) {
            return entries(jar.getPath("/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classes of the folder or jar a class was loaded from. */
    private static Set<String> classesBeside(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return matching(entries(location), e -> e.endsWith(".class"));
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return matching(entries(jar.getPath("/")), e -> e.endsWith(".class"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file and folder below root, as a jar names them ({@code a/b/C.class}, {@code a/b/}). */
    private static Set<String> entries(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString().replace('\\', '/')
                    + (Files.isDirectory(p) ? "/" : "")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> matching(Set<String> entries, Predicate<String> test) {
        return entries.stream().filter(test).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
