package dev.helix.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proof that the Qwen3 and Gemma 3 files the project writes are real models of those architectures: the current
 * llama.cpp, as {@code native/build.sh --backend cpu} installs it, loads them as such and generates. The build is
 * not part of the test suite (about 11 minutes on two cores): without one this test is skipped with a message.
 * The install directory is {@code -Dhelix.native.dir}, else {@code $HELIX_NATIVE_DIR}, else
 * {@code ~/.helix/native/cpu/current}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CurrentLlamaCppLoadsTodaysModelsTest {
    private static final Pattern DECODED = Pattern.compile("main: decoded (\\d+) tokens");
    private static final int PREDICT = 8;

    @TempDir
    Path dir;

    static Path installDirectory() {
        String configured = System.getProperty("helix.native.dir", System.getenv("HELIX_NATIVE_DIR"));
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
    }

    @ParameterizedTest
    @EnumSource(TodaysArchitecture.class)
    void theCurrentLibraryLoadsAndGenerates(TodaysArchitecture architecture) throws Exception {
        Path simple = installDirectory().resolve("bin").resolve(
                System.getProperty("os.name").startsWith("Windows") ? "llama-simple.exe" : "llama-simple");
        Assumptions.assumeTrue(Files.isExecutable(simple), "no current llama.cpp build at " + installDirectory()
                + " (native/build.sh --backend cpu makes one; -Dhelix.native.dir or HELIX_NATIVE_DIR point elsewhere)");
        Path model = dir.resolve(architecture.architecture() + ".gguf");
        architecture.write(TodaysArchitecture.smallestShape(), model);

        Process process = new ProcessBuilder(simple.toString(), "-m", model.toString(), "-n",
                Integer.toString(PREDICT), "Hello").start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "llama-simple did not finish in 60 s (a hang guard)");
        String log = err.get(10, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), log);

        assertTrue(log.matches("(?s).*print_info: arch\\s+= " + architecture.architecture() + "\n.*"),
                "llama.cpp read it as " + architecture.architecture() + ": " + log);
        Matcher decoded = DECODED.matcher(log);
        assertTrue(decoded.find(), log);
        int tokens = Integer.parseInt(decoded.group(1));
        assertTrue(tokens >= 1 && tokens <= PREDICT, "it generated (noise, from random weights): " + log);
        assertTrue(out.contains("Hello"), "the prompt, then what it generated: " + out);
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
