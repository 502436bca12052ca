package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.GenerationOptions;
import dev.helix.runtime.gguf.TodaysArchitecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both C API generations, on the real libraries: the jar's b4916 and the current llama.cpp that
 * {@code native/build.sh --backend cpu} installs (tests on the latter skip with a message when it is absent, as on
 * CI, which has no native build: it takes about 11 minutes). A library is identified by its symbols and the
 * default-params round trip, and one that matches no generation is refused with a message.
 */
@Timeout(120)
class LibraryGenerationsTest {
    private static final GenerationOptions GREEDY = GenerationOptions.DEFAULTS.withTemperature(0.0);

    @TempDir
    Path dir;

    /** The current install's library, or the test is skipped saying why. */
    static Path currentLibrary() {
        LibrarySource source = LibrarySource.resolve(System.getProperty(LibrarySource.PROPERTY),
                System.getenv(LibrarySource.VARIABLE), Path.of(System.getProperty("user.home"), ".helix", "native"),
                false);
        Assumptions.assumeTrue(source instanceof LibrarySource.Installed i && Files.isRegularFile(i.library()),
                "no current llama.cpp build (" + source.describe() + "); `native/build.sh --backend cpu` makes one "
                        + "(about 11 min, so CI has none); -Dhelix.native.dir or HELIX_NATIVE_DIR point elsewhere");
        return ((LibrarySource.Installed) source).library();
    }

    @Test
    void theCurrentLayoutsHaveTheSizesAndOffsetsOfTheBuiltHeader() {
        // sizeof/offsetof printed by a C program compiled against v0.5.0's include/llama.h and linked to the build
        assertEquals(80, Current.MODEL_PARAMS.byteSize());
        assertEquals(160, Current.CONTEXT_PARAMS.byteSize());
        assertEquals(16, CApi.offset(Current.MODEL_PARAMS, "n_gpu_layers"));
        assertEquals(24, CApi.offset(Current.MODEL_PARAMS, "load_mode"));
        assertEquals(72, CApi.offset(Current.MODEL_PARAMS, "vocab_only"));
        assertEquals(77, CApi.offset(Current.MODEL_PARAMS, "load_mtp"));
        assertEquals(28, CApi.offset(Current.CONTEXT_PARAMS, "n_threads"));
        assertEquals(52, CApi.offset(Current.CONTEXT_PARAMS, "flash_attn_type"));
        assertEquals(88, CApi.offset(Current.CONTEXT_PARAMS, "cb_eval"));
        assertEquals(128, CApi.offset(Current.CONTEXT_PARAMS, "embeddings"));
        assertEquals(133, CApi.offset(Current.CONTEXT_PARAMS, "kv_unified"));
        assertEquals(152, CApi.offset(Current.CONTEXT_PARAMS, "ctx_other"));
    }

    @Test
    void theBundledLibraryIsIdentifiedAmongTheKnownGenerations() {
        LlamaLibrary library = LlamaLibrary.identify(BundledLibrary.get().file(), CApi.known());
        assertEquals("b4916", library.api().name());
    }

    @Test
    void theCurrentLibraryIsIdentifiedAsThe2026Generation() {
        LlamaLibrary library = LlamaLibrary.identify(currentLibrary(), CApi.known());
        assertEquals("2026-09", library.api().name());
        assertTrue(library.systemInfo().contains("CPU"), library.systemInfo());
    }

    @Test
    void theCurrentLibraryWithB4916sExpectationsIsRefused() {
        Path current = currentLibrary(); // outside assertThrows, which would take the skip for the exception
        var e = assertThrows(LibraryMismatchException.class, () -> LlamaLibrary.open(current, B4916.API));
        assertTrue(e.getMessage().contains("it lacks llama_kv_self_seq_rm"), e.getMessage());
        assertTrue(e.getMessage().contains("llama_memory_seq_rm"), e.getMessage());
    }

    @Test
    void theCurrentLibraryWithMismatchedDefaultsIsRefusedByEveryGeneration() {
        Path current = currentLibrary(); // outside assertThrows, which would take the skip for the exception
        Map<String, Object> wrong = new HashMap<>(Current.API.contextDefaults());
        wrong.put("swa_full", false); // as if the booleans had moved
        var e = assertThrows(LibraryMismatchException.class, () -> LlamaLibrary.identify(current,
                List.of(B4916.API, Current.API.withContextDefaults(wrong))));
        assertTrue(e.getMessage().contains("b4916: it lacks llama_kv_self_seq_rm"), e.getMessage());
        assertTrue(e.getMessage().contains("llama_context_default_params().swa_full is true, expected false"),
                e.getMessage());
        assertTrue(e.getMessage().contains("native/build.sh"), e.getMessage());
    }

    @Test
    void aLibraryThatIsNotLlamaCppIsRefusedByEveryGeneration() throws Exception {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        Assumptions.assumeTrue(Files.isRegularFile(libc), "no " + libc);
        var e = assertThrows(LibraryMismatchException.class, () -> LlamaLibrary.identify(libc, CApi.known()));
        assertTrue(e.getMessage().contains("b4916: it lacks llama_backend_init"), e.getMessage());
        assertTrue(e.getMessage().contains("2026-09: it lacks llama_backend_init"), e.getMessage());
    }

    @Test
    void theResolutionOrderPrefersWhatIsNamedThenTheInstallsThenTheJar() throws IOException {
        Path installs = dir.resolve("native");
        assertTrue(LibrarySource.resolve(null, null, installs, false).bundled(), "nothing installed");
        Files.createDirectories(installs.resolve("cpu/current/lib"));
        Files.createDirectories(installs.resolve("cuda/current/lib"));
        assertEquals(installs.resolve("cpu/current"),
                ((LibrarySource.Installed) LibrarySource.resolve(null, null, installs, false)).dir());
        assertEquals(installs.resolve("cuda/current"),
                ((LibrarySource.Installed) LibrarySource.resolve(null, null, installs, true)).dir());
        assertEquals(Path.of("/opt/llama"),
                ((LibrarySource.Installed) LibrarySource.resolve(null, "/opt/llama", installs, true)).dir());
        assertEquals(Path.of("/p"),
                ((LibrarySource.Installed) LibrarySource.resolve("/p", "/e", installs, true)).dir());
        assertTrue(LibrarySource.resolve("bundled", "/e", installs, true).bundled());
        var empty = LibrarySource.resolve(null, dir.toString(), installs, false);
        var e = assertThrows(LibraryMismatchException.class, empty::open);
        assertTrue(e.getMessage().contains("native/build.sh --backend cpu"), e.getMessage());
        assertFalse(empty.bundled());
    }

    /**
     * Today's architectures generate through the ffm engine on the current library, and greedy output is token for
     * token what that build's own {@code llama-simple} prints for the same prompt.
     */
    @ParameterizedTest
    @EnumSource(TodaysArchitecture.class)
    void todaysModelsGenerateAsTheBuildsOwnLlamaSimpleDoes(TodaysArchitecture architecture) throws Exception {
        Path library = currentLibrary();
        Path simple = library.getParent().getParent().resolve("bin").resolve("llama-simple");
        Assumptions.assumeTrue(Files.isExecutable(simple), "no " + simple + " beside the library");
        Path model = dir.resolve(architecture.architecture() + ".gguf");
        architecture.write(TodaysArchitecture.smallestShape(), model);
        int predict = 12;

        String ours;
        String promptText;
        try (FfmModel ffm = FfmModel.load(LlamaLibrary.identify(library, CApi.known()),
                FfmModelTest.settings(model, 2))) {
            int[] prompt = ffm.tokenize("Hello", true, true);
            promptText = ffm.detokenize(prompt);
            ours = promptText + FfmModelTest.run(ffm, "Hello", GREEDY, predict).text();
        }

        Process process = new ProcessBuilder(simple.toString(), "-m", model.toString(), "-n",
                Integer.toString(predict), "Hello").start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String theirs = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "llama-simple did not finish in 60 s (a hang guard)");
        assertEquals(0, process.exitValue(), err.get(10, TimeUnit.SECONDS));
        assertTrue(ours.length() > promptText.length(), "it generated: " + ours);
        assertEquals(theirs.strip(), ours.strip(), "greedy output of the ffm engine and of llama-simple, same build");
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
