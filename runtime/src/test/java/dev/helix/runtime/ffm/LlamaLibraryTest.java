package dev.helix.runtime.ffm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bundled library is identified as b4916's C API; a library that is not is refused with a message. */
@Timeout(60)
class LlamaLibraryTest {

    @Test
    void layoutsHaveTheCAbiSizes() {
        // sizeof on x86_64/aarch64 LP64 for b4916's llama.h, by the C rules: 8-aligned pointers, 1-byte bool.
        assertEquals(64, B4916.MODEL_PARAMS.byteSize());
        assertEquals(120, B4916.CONTEXT_PARAMS.byteSize());
        assertEquals(56, B4916.BATCH.byteSize());
        assertEquals(1, B4916.SAMPLER_CHAIN_PARAMS.byteSize());
        assertEquals(12, B4916.TOKEN_DATA.byteSize());
        assertEquals(32, B4916.TOKEN_DATA_ARRAY.byteSize());
        assertEquals(16, B4916.CHAT_MESSAGE.byteSize());
        assertEquals(8, B4916.LOGIT_BIAS.byteSize());
        assertEquals(56, CApi.offset(B4916.MODEL_PARAMS, "vocab_only"));
        assertEquals(96, CApi.offset(B4916.CONTEXT_PARAMS, "logits_all"));
        assertEquals(104, CApi.offset(B4916.CONTEXT_PARAMS, "abort_callback"));
    }

    @Test
    void theBundledLibraryIsIdentifiedAsB4916() {
        LlamaLibrary library = BundledLibrary.get();
        assertEquals("b4916", library.api().name());
        assertTrue(library.systemInfo().contains("CPU"), library.systemInfo());
    }

    @Test
    void aLibraryWithDifferentDefaultsIsRefusedBeforeAnyStructIsPassed() {
        Path file = BundledLibrary.get().file();
        Map<String, Object> wrong = new HashMap<>(B4916.API.contextDefaults());
        wrong.put("n_ctx", 4096); // as if the struct had shifted
        var e = assertThrows(LibraryMismatchException.class,
                () -> LlamaLibrary.open(file, B4916.API.withContextDefaults(wrong)));
        assertTrue(e.getMessage().contains("llama_context_default_params().n_ctx is 512, expected 4096"),
                e.getMessage());
        assertTrue(e.getMessage().contains("engine: binding"), e.getMessage());
    }

    @Test
    void aLibraryThatIsNotLlamaCppIsRefusedWithWhatItLacks() throws Exception {
        Path libc = libc();
        var e = assertThrows(LibraryMismatchException.class, () -> LlamaLibrary.open(libc, B4916.API));
        assertTrue(e.getMessage().contains("is not llama.cpp's C API of generation b4916"), e.getMessage());
        assertTrue(e.getMessage().contains("llama_backend_init"), e.getMessage());
    }

    private static Path libc() throws Exception {
        for (String dir : List.of("/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64")) {
            Path candidate = Path.of(dir, "libc.so.6");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("no libc.so.6 in the usual folders");
        return null;
    }

}
