import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a llama.cpp library that native/build.sh installed, from Java through the Foreign Function & Memory API
 * (JDK 22 or later), the way the ffm engine will call it:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED native/CheckLibrary.java [~/.helix/native/cpu/current | LIBRARY_FILE]</pre>
 *
 * Loads {@code lib/libllama.so} (or {@code .dylib}) of the given install directory, calls {@code llama_backend_init},
 * loads the ggml backends the library was built with (newer builds register them lazily), prints
 * {@code llama_print_system_info} (the CPU features it was compiled for and detects) and a few capability calls, then
 * {@code llama_backend_free}. Exit status 1 when the library is missing or lacks one of these functions.
 */
public final class CheckLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    public static void main(String[] args) throws Throwable {
        Path dir = Path.of(args.length > 0 ? args[0]
                : System.getProperty("user.home") + "/.helix/native/cpu/current");
        Path lib = Files.isRegularFile(dir) ? dir : dir.resolve("lib").resolve(System.mapLibraryName("llama"));
        if (!Files.exists(lib)) {
            System.err.println("no library at " + lib + ": build one with native/build.sh");
            System.exit(1);
        }
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup llama = SymbolLookup.libraryLookup(lib, arena);
            call(llama, "llama_backend_init", FunctionDescriptor.ofVoid()).invoke();
            // ggml_backend_load_all lives in libggml beside libllama (a library that links ggml in, like the binding's
            // libjllama, exports it itself or needs no call).
            Path ggmlFile = lib.resolveSibling(System.mapLibraryName("ggml"));
            SymbolLookup ggml = Files.exists(ggmlFile) ? SymbolLookup.libraryLookup(ggmlFile, arena) : llama;
            ggml.find("ggml_backend_load_all").ifPresent(address ->
                    invokeVoid(LINKER.downcallHandle(address, FunctionDescriptor.ofVoid())));
            MemorySegment info = (MemorySegment) call(llama, "llama_print_system_info",
                    FunctionDescriptor.of(ValueLayout.ADDRESS)).invoke();
            System.out.println("library:              " + lib.toRealPath());
            System.out.println("system info:          " + info.reinterpret(Long.MAX_VALUE).getString(0));
            for (String flag : new String[] {"llama_supports_mmap", "llama_supports_mlock", "llama_supports_gpu_offload"}) {
                boolean value = (boolean) call(llama, flag, FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN)).invoke();
                System.out.printf("%-22s%s%n", flag.substring("llama_".length()) + ":", value);
            }
            long devices = (long) call(llama, "llama_max_devices", FunctionDescriptor.of(ValueLayout.JAVA_LONG)).invoke();
            System.out.println("max devices:          " + devices);
            call(llama, "llama_backend_free", FunctionDescriptor.ofVoid()).invoke();
        }
    }

    private static MethodHandle call(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment address = lookup.find(name).orElseThrow(() -> {
            System.err.println("the library does not export " + name);
            System.exit(1);
            return new IllegalStateException();
        });
        return LINKER.downcallHandle(address, descriptor);
    }

    private static void invokeVoid(MethodHandle handle) {
        try {
            handle.invoke();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
