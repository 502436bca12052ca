package dev.helix.server.doctor;

import dev.helix.runtime.ffm.LibraryMismatchException;
import dev.helix.runtime.ffm.LibrarySource;
import dev.helix.runtime.ffm.LlamaLibrary;

/**
 * Which llama.cpp library the ffm engine would open ({@link LibrarySource}'s order), opened and identified here, in
 * this process, as a runner would: its file, C API generation, {@code build.json}'s tag, commit and backend, and
 * {@code llama_print_system_info()} (the CPU features it was built for). Only the jar's generic library at hand is
 * a warning, with the build that replaces it; a named library that is not llama.cpp of a known layout is another.
 */
public final class FfmLibraryCheck {
    static final String NAME = "ffm library";
    static final String BUILD = "native/build.sh --backend cpu (the current llama.cpp, tuned for this CPU; about 11 "
            + "min on 2 cores), then the ffm engine loads it from ~/.helix/native/cpu/current";

    private FfmLibraryCheck() {}

    /** The check for the library this process would resolve. */
    public static Check current() {
        return of(LibrarySource.resolve(null));
    }

    static Check of(LibrarySource source) {
        LlamaLibrary library;
        try {
            library = source.open();
        } catch (LibraryMismatchException | IllegalStateException e) {
            return Check.warn(NAME, e.getMessage(), source.bundled() ? "use engine: binding, or " + BUILD
                    : "rebuild it with " + BUILD + ", or unset HELIX_NATIVE_DIR / -Dhelix.native.dir");
        }
        String info = library.systemInfo().strip();
        String detail = library.file() + " (C API " + library.api().name()
                + (source instanceof LibrarySource.Installed installed ? ", " + installed.build() : "") + "; "
                + (library.supportsGpuOffload() ? "offloads layers to a GPU" : "CPU only: gpu_layers auto stays at 0")
                + "); " + info;
        if (source.bundled()) {
            return Check.warn(NAME, "only the jar's generic library (llama.cpp b4916: no Qwen3, Gemma 3n, gpt-oss; "
                    + "AVX2 at most): " + detail, BUILD);
        }
        return Check.ok(NAME, detail);
    }
}
