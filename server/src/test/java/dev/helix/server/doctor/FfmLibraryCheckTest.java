package dev.helix.server.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.runtime.ffm.LibrarySource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helix doctor}'s line for the ffm engine's library, from the real libraries: the jar's (a warning, with the
 * build that replaces it), the current install (skipped with a message when absent, as on CI, which has no native
 * build) and a folder whose library is not llama.cpp.
 */
class FfmLibraryCheckTest {
    @TempDir
    Path dir;

    @Test
    void theJarsLibraryAloneIsAWarningThatSaysWhatToBuild() {
        Check check = FfmLibraryCheck.of(new LibrarySource.Bundled("no build here"));
        assertEquals(Check.Status.WARN, check.status(), check.toString());
        assertTrue(check.detail().contains("C API b4916"), check.detail());
        assertTrue(check.detail().contains("CPU : "), "llama_print_system_info(): " + check.detail());
        assertTrue(check.fix().startsWith("native/build.sh --backend cpu"), check.fix());
    }

    @Test
    void theCurrentInstallIsNamedWithItsBuildAndCpuFeatures() {
        Path install = Path.of(System.getProperty("user.home"), ".helix", "native", "cpu", "current");
        Assumptions.assumeTrue(Files.isRegularFile(install.resolve("lib/libllama.so")), "no current llama.cpp "
                + "build at " + install + ": `native/build.sh --backend cpu` makes one (about 11 min, so CI has none)");
        Check check = FfmLibraryCheck.of(new LibrarySource.Installed(install, "test"));
        assertEquals(Check.Status.OK, check.status(), check.toString());
        assertTrue(check.detail().startsWith(install.resolve("lib/libllama.so") + " (C API 2026-09, {tag="),
                check.detail());
        assertTrue(check.detail().contains("backend=cpu"), check.detail());
        assertTrue(check.detail().contains("CPU only: gpu_layers auto stays at 0"), check.detail());
        assertTrue(check.detail().contains("CPU : "), check.detail());
    }

    @Test
    void aFolderWithoutLlamaCppIsAWarningThatSaysWhy() throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Check empty = FfmLibraryCheck.of(new LibrarySource.Installed(dir, "named by HELIX_NATIVE_DIR"));
        assertEquals(Check.Status.WARN, empty.status());
        assertTrue(empty.detail().contains("holds no lib/libllama.so"), empty.detail());
        assertTrue(empty.fix().contains("native/build.sh --backend cpu"), empty.fix());
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        Assumptions.assumeTrue(Files.isRegularFile(libc), "no " + libc);
        Files.createSymbolicLink(dir.resolve("lib/libllama.so"), libc);
        Check wrong = FfmLibraryCheck.of(new LibrarySource.Installed(dir, "named by HELIX_NATIVE_DIR"));
        assertEquals(Check.Status.WARN, wrong.status());
        assertTrue(wrong.detail().contains("none of the llama.cpp C API generations Helix knows"), wrong.detail());
    }
}
