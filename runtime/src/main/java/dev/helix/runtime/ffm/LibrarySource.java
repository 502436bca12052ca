package dev.helix.runtime.ffm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which llama.cpp library the ffm engine opens, in this order: the install named by {@code -Dhelix.native.dir} or
 * {@code HELIX_NATIVE_DIR} (the value {@code bundled} names the jar's library); else
 * {@code ~/.helix/native/cuda/current} when it is there and the machine has an NVIDIA GPU; else
 * {@code ~/.helix/native/cpu/current} when it is there; else the library bundled in the jar (b4916). An install is
 * {@code native/build.sh}'s output: {@code lib/libllama.so} (with its {@code libggml*} beside it, found through its
 * {@code $ORIGIN} RUNPATH) and {@code build.json}.
 */
public sealed interface LibrarySource {

    /** The system property and environment variable that name an install. */
    String PROPERTY = "helix.native.dir";
    String VARIABLE = "HELIX_NATIVE_DIR";

    /** Opens (or returns the already opened) library and identifies its generation. */
    LlamaLibrary open();

    /** Whether this is the library bundled in the jar (llama.cpp b4916). */
    boolean bundled();

    /** One line for logs and {@code helix doctor}. */
    String describe();

    /** The jar's library. */
    record Bundled(String why) implements LibrarySource {
        @Override
        public LlamaLibrary open() {
            return BundledLibrary.get();
        }

        @Override
        public boolean bundled() {
            return true;
        }

        @Override
        public String describe() {
            return "the library bundled in Helix's jar (llama.cpp b4916, generic build): " + why;
        }
    }

    /** A {@code native/build.sh} install. */
    record Installed(Path dir, String why) implements LibrarySource {
        /** {@code lib/libllama.so} of the install, or the folder's own {@code libllama.so}. */
        public Path library() {
            Path lib = dir.resolve("lib").resolve(libraryName());
            return Files.isRegularFile(lib) ? lib : dir.resolve(libraryName());
        }

        @Override
        public LlamaLibrary open() {
            if (!Files.isRegularFile(library())) {
                throw new LibraryMismatchException(dir + " (" + why + ") holds no lib/" + libraryName()
                        + "; `native/build.sh --backend cpu` builds one there, or unset " + VARIABLE);
            }
            return LlamaLibrary.identify(library(), CApi.known());
        }

        @Override
        public boolean bundled() {
            return false;
        }

        /** {@code build.json}'s tag, commit and backend, as far as present. */
        public Map<String, String> build() {
            Map<String, String> facts = new LinkedHashMap<>();
            try {
                String json = Files.readString(dir.resolve("build.json"));
                for (String key : new String[] {"tag", "commit", "backend"}) {
                    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
                    if (m.find()) {
                        facts.put(key, m.group(1));
                    }
                }
            } catch (IOException e) {
                // no build.json: a folder of the user's own
            }
            return facts;
        }

        @Override
        public String describe() {
            return library() + " " + build() + ": " + why;
        }
    }

    /**
     * The source for a model: {@code explicit} (its {@code native_dir} option) when given, else this process's
     * system property, its environment, the user's installs and whether it has a GPU.
     */
    static LibrarySource resolve(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return named(explicit, "the model's native_dir");
        }
        return resolve(System.getProperty(PROPERTY), System.getenv(VARIABLE),
                Path.of(System.getProperty("user.home"), ".helix", "native"),
                Files.exists(Path.of("/proc/driver/nvidia/gpus")) || Files.exists(Path.of("/dev/nvidia0")));
    }

    /** The resolution order, with its inputs given. */
    static LibrarySource resolve(String property, String variable, Path installs, boolean gpu) {
        for (var named : new String[][] {{property, "-D" + PROPERTY}, {variable, VARIABLE}}) {
            if (named[0] != null && !named[0].isBlank()) {
                return named(named[0], named[1]);
            }
        }
        Path cuda = installs.resolve("cuda").resolve("current");
        if (gpu && Files.isDirectory(cuda)) {
            return new Installed(cuda, "the CUDA build of native/build.sh, on a machine with an NVIDIA GPU");
        }
        Path cpu = installs.resolve("cpu").resolve("current");
        if (Files.isDirectory(cpu)) {
            return new Installed(cpu, "the host-tuned CPU build of native/build.sh");
        }
        return new Bundled("no build under " + installs + " (`native/build.sh --backend cpu` makes the current, "
                + "host-tuned one, which the ffm engine then prefers)");
    }

    private static LibrarySource named(String value, String by) {
        String v = value.strip();
        if (v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return v.equals("bundled") ? new Bundled(by + " = bundled") : new Installed(Path.of(v), "named by " + by);
    }

    private static String libraryName() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return os.contains("mac") ? "libllama.dylib" : os.contains("win") ? "llama.dll" : "libllama.so";
    }
}
