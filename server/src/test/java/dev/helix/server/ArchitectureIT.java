package dev.helix.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What ships and which way the modules depend. helix.jar holds Helix and its libraries and nothing made for tests or
 * benchmarks (the GGUF writer is Helix's own: the doctor's tiny model), and the binding's natives only for the
 * platforms README lists; no module below the server (every module but server and benchmarks) refers to {@code dev.helix.server}, in its main code or its tests, or depends on it; and
 * the modules that must run without native code (api, protocol, and providers, the adapters to external servers)
 * neither depend on the JNI binding or on a module that brings it (runtime, router), directly or through another
 * module, nor refer to their classes. All of it read from the poms, sources and compiled classes: no network.
 */
class ArchitectureIT {
    private static final Path JAR = Path.of("target", "helix.jar");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Set<String> ABOVE_THE_REST = Set.of("server", "benchmarks");
    private static final Pattern SERVER_PACKAGE = Pattern.compile("\\bdev\\.helix\\.server\\b");
    /** The modules that run without native code, by folder. */
    private static final List<String> WITHOUT_NATIVES = List.of("api", "protocol", "providers");
    /** What those must not depend on: the binding, and every module that has it or is above it. */
    private static final Set<String> NATIVE_SIDE = Set.of("de.kherud:llama", "dev.helix:helix-runtime",
            "dev.helix:helix-router", "dev.helix:helix-server", "dev.helix:helix-benchmarks");
    /** Their packages, as source code and class files name them. */
    private static final Pattern NATIVE_SIDE_SOURCE = Pattern.compile(
            "\\b(de\\.kherud\\.llama|dev\\.helix\\.(runtime|router|server|benchmarks))\\b");
    private static final List<String> NATIVE_SIDE_CLASS_NAMES = List.of("de/kherud/llama/", "dev/helix/runtime/",
            "dev/helix/router/", "dev/helix/server/", "dev/helix/benchmarks/");

    @Test
    void theJarShipsNothingOfTheBenchmarksOrJmh() {
        Set<String> entries = jarEntries();
        assertTrue(entries.contains("dev/helix/server/cli/Main.class"), "read the jar: " + JAR.toAbsolutePath());
        assertEquals(Set.of(), matching(entries, e -> e.startsWith("dev/helix/benchmarks/")
                || e.startsWith("dev/helix/server/bench/") || e.startsWith("org/openjdk/jmh/")
                || e.equals("META-INF/BenchmarkList")));
    }

    /**
     * Nothing of runtime's test-jar ships (the generated-model presets, the scripted model, the reader's byte
     * fixtures). The GGUF writer itself does, since it moved to runtime's main code for one shipped feature: helix
     * doctor writes a {@code TinyLlama} and loads it in a runner.
     */
    @Test
    void theJarShipsNoClassOfRuntimesTestJarOnlyTheDoctorsGgufWriter() {
        Set<String> fixtures = classesBeside(TestModels.class);
        assertTrue(fixtures.contains("dev/helix/runtime/gguf/RandomLlamaModel.class")
                && fixtures.contains("dev/helix/runtime/gguf/ScriptedLlamaModel.class"), fixtures.toString());
        Set<String> shipped = jarEntries();
        assertEquals(Set.of(), matching(fixtures, shipped::contains));
        assertTrue(shipped.containsAll(Set.of("dev/helix/runtime/gguf/GgufWriter.class",
                "dev/helix/runtime/gguf/TinyLlama.class")), "the doctor's model writer ships");
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

    @Test
    void theModulesWithoutNativeCodeDependOnNeitherTheBindingNorAModuleThatBringsIt() {
        Map<String, List<String>> reactor = reactorDependencies();
        assertTrue(closure("dev.helix:helix-server", reactor).contains("de.kherud:llama"),
                "the walk finds the binding where it is (server -> runtime): " + reactor);
        Map<String, Set<String>> offending = new TreeMap<>();
        for (String module : WITHOUT_NATIVES) {
            String id = "dev.helix:" + artifactId(ROOT.resolve(module).resolve("pom.xml"));
            Set<String> all = closure(id, reactor);
            Set<String> bad = matching(all, NATIVE_SIDE::contains);
            if (!bad.isEmpty()) {
                offending.put(module, bad);
            }
        }
        assertEquals(Map.of(), offending, "dependencies, every scope, through the reactor's modules");
        assertTrue(closure("dev.helix:helix-providers", reactor).containsAll(
                List.of("dev.helix:helix-api", "dev.helix:helix-protocol")), "the walk reads providers' pom");
    }

    @Test
    void theModulesWithoutNativeCodeReferToNoClassOfTheBindingRuntimeRouterOrServer() throws IOException {
        Set<String> offenders = new TreeSet<>();
        for (String module : WITHOUT_NATIVES) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            assertTrue(Files.isDirectory(classes.resolve("dev/helix")), "build the reactor first: " + classes);
            try (Stream<Path> files = Files.walk(classes)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    String constants = new String(readBytes(f), StandardCharsets.ISO_8859_1);
                    NATIVE_SIDE_CLASS_NAMES.stream().filter(constants::contains)
                            .forEach(name -> offenders.add(ROOT.relativize(f) + " -> " + name));
                });
            }
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src"))) {
                files.filter(f -> f.toString().endsWith(".java") && NATIVE_SIDE_SOURCE.matcher(read(f)).find())
                        .forEach(f -> offenders.add(ROOT.relativize(f).toString()));
            }
        }
        assertEquals(Set.of(), offenders);
    }

    /**
     * Every reactor module's declared dependencies (groupId:artifactId, every scope), by its groupId:artifactId; the
     * parent's own dependencies, which every module inherits, under each.
     */
    private static Map<String, List<String>> reactorDependencies() {
        List<String> inherited = dependencies(ROOT.resolve("pom.xml"));
        Map<String, List<String>> reactor = new TreeMap<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).forEach(m -> {
                List<String> all = new ArrayList<>(dependencies(m.resolve("pom.xml")));
                all.addAll(inherited);
                reactor.put("dev.helix:" + artifactId(m.resolve("pom.xml")), all);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reactor;
    }

    /** What {@code id} depends on, directly or through other modules of the reactor. */
    private static Set<String> closure(String id, Map<String, List<String>> reactor) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(reactor.getOrDefault(id, List.of()));
        while (!next.isEmpty()) {
            String dependency = next.pop();
            if (seen.add(dependency)) {
                next.addAll(reactor.getOrDefault(dependency, List.of()));
            }
        }
        return seen;
    }

    private static String artifactId(Path pom) {
        return text(child(project(pom), "artifactId"));
    }

    /** The project's own {@code <dependencies>} (not its dependencyManagement's, nor its plugins'). */
    private static List<String> dependencies(Path pom) {
        Element dependencies = child(project(pom), "dependencies");
        List<String> ids = new ArrayList<>();
        if (dependencies == null) {
            return ids;
        }
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element d && d.getTagName().equals("dependency")) {
                String group = text(child(d, "groupId"));
                ids.add((group.startsWith("${") ? "dev.helix" : group) + ":" + text(child(d, "artifactId")));
            }
        }
        return ids;
    }

    private static Element project(Path pom) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
