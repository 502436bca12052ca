package dev.helix.server.doctor;

import dev.helix.provider.Chunk;
import dev.helix.provider.CompletionRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.ProviderException;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.TinyLlama;
import dev.helix.runtime.llamacpp.RunnerProvider;
import dev.helix.runtime.llamacpp.RunnerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The proof that this machine runs models: a {@link TinyLlama} written to a temporary folder, loaded in a real runner
 * child process as the server loads models, and asked for a few tokens. Two lines come of it: the native library
 * (which file the binding loaded, llama.cpp's build, and its {@code system_info}, from the runner's own log) and the
 * model (load and generation times, tokens generated).
 */
public final class RunnerCheck {
    private static final Pattern EXTRACTED = Pattern.compile("Extracted '[^']*' to '([^']+)'");
    private static final Pattern BUILD = Pattern.compile("build: (\\d+) \\(([0-9a-f]+)\\)");
    private static final Pattern SYSTEM_INFO = Pattern.compile("system_info: .*?\\| (CPU : .*?)\\s*\\|?\\s*$");
    private static final int TOKENS = 8;

    private final RunnerSettings settings;
    private final String libraryPath;

    /** @param settings how runners start; the runner's native log is turned on over them */
    public RunnerCheck(RunnerSettings settings, String libraryPath) {
        List<String> options = new ArrayList<>(settings.jvmOptions());
        options.add("-Dorg.slf4j.simpleLogger.log.dev.helix.llama.cpp=debug");
        this.settings = new RunnerSettings(settings.java(), settings.classpath(), options, settings.startTimeout(),
                settings.loadTimeout(), settings.queueTimeout(), settings.stallTimeout(), settings.clock());
        this.libraryPath = libraryPath;
    }

    /** The native library's line, then the tiny model's. */
    public List<Check> run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("helix-doctor-");
        } catch (IOException e) {
            String why = "cannot create a temporary folder for the tiny model: " + e.getMessage();
            return List.of(Check.fail("native library", why, "check java.io.tmpdir (" + System.getProperty(
                    "java.io.tmpdir") + ") exists and is writable"), notRun());
        }
        try {
            return generate(dir);
        } finally {
            delete(dir);
        }
    }

    private List<Check> generate(Path dir) {
        Path file = dir.resolve("doctor-tiny.gguf");
        long size;
        try {
            size = TinyLlama.write(file);
        } catch (IOException e) {
            return List.of(Check.fail("native library", "cannot write the tiny model: " + e.getMessage(),
                    "check java.io.tmpdir has free space"), notRun());
        }
        long started = System.nanoTime();
        RunnerProvider runner;
        try {
            runner = RunnerProvider.start("doctor-tiny", file, ModelLoadOptions.DEFAULTS.withContextSize(128)
                    .withThreads(1).withParallel(1), settings);
        } catch (ProviderException e) {
            return List.of(Check.fail("native library", "a runner could not load a model: " + e.getMessage(),
                    "see the cpu line above; run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for the "
                            + "runner's output"), notRun());
        }
        try (runner) {
            long loaded = System.nanoTime();
            var options = new GenerationOptions(TOKENS, 0.0, null, null, null, null, null, null, null, 1L, List.of(),
                    null);
            Chunk last = null;
            try (var stream = runner.complete(new CompletionRequest("doctor-tiny", "hello world", null, options))) {
                while (stream.hasNext()) {
                    last = stream.next();
                }
            }
            long done = System.nanoTime();
            Check library = library(runner.output());
            if (!(last instanceof Chunk.Done d) || d.usage().completionTokens() == 0) {
                return List.of(library, Check.fail("tiny model", "loaded, but generated no token (" + last + ")",
                        "report it with the output of: helix doctor --json"));
            }
            int tokens = d.usage().completionTokens();
            double seconds = (done - loaded) / 1e9;
            return List.of(library, Check.ok("tiny model", String.format(java.util.Locale.ROOT,
                    "%d KB model loaded in a runner in %d ms, %d tokens generated in %d ms (%.0f tokens/s)",
                    size / 1024, (loaded - started) / 1_000_000, tokens, (done - loaded) / 1_000_000,
                    tokens / Math.max(seconds, 1e-9))));
        } catch (ProviderException e) {
            return List.of(library(runner.output()), Check.fail("tiny model", "loaded, but generating failed: "
                    + e.getMessage(), "run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for the runner's "
                    + "output"));
        }
    }

    /** Which library, which build, and llama.cpp's system_info, from the runner's output. */
    Check library(List<String> output) {
        String path = libraryPath != null ? libraryPath + " (-Dde.kherud.llama.lib.path)"
                : find(output, EXTRACTED).map(m -> "bundled in helix.jar, extracted for the runner to " + m.group(1)).orElse("bundled in helix.jar");
        String build = find(output, BUILD).map(m -> "llama.cpp b" + m.group(1) + " (" + m.group(2) + ")")
                .orElse("llama.cpp build not reported");
        String info = find(output, SYSTEM_INFO).map(m -> m.group(1)).orElse("system_info not reported");
        return Check.ok("native library", path + ", " + build + ": " + info);
    }

    private static Optional<Matcher> find(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static Check notRun() {
        return Check.fail("tiny model", "not run: no runner could load it", "fix the native library line first");
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is the system's to clean
        }
    }
}
