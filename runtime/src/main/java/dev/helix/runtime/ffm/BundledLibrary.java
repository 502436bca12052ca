package dev.helix.runtime.ffm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The library inside the binding's jar (llama.cpp b4916), opened once per process: from the folder named by
 * {@code de.kherud.llama.lib.path} when it holds one (the runner's parent, or a user with a build of their own, sets
 * it), else copied out of the jar into a private folder. Opening it is identifying it ({@link LlamaLibrary#open}); a
 * mismatch is remembered and thrown again on every use.
 */
public final class BundledLibrary {
    private BundledLibrary() {}

    /**
     * @throws LibraryMismatchException when the library is absent for this platform or is not b4916's C API
     */
    public static LlamaLibrary get() {
        if (Holder.FAILURE != null) {
            throw new LibraryMismatchException(Holder.FAILURE);
        }
        return Holder.LIBRARY;
    }

    private static final class Holder {
        static final LlamaLibrary LIBRARY;
        static final String FAILURE;

        static {
            LlamaLibrary library = null;
            String failure = null;
            try {
                library = LlamaLibrary.open(locate(), B4916.API);
            } catch (LibraryMismatchException | UncheckedIOException e) {
                failure = e.getMessage();
            }
            LIBRARY = library;
            FAILURE = failure;
        }
    }

    /** The library file: the configured folder's, or the jar's copied into a private folder. */
    static Path locate() {
        String configured = System.getProperty("de.kherud.llama.lib.path");
        if (configured != null && Files.isRegularFile(Path.of(configured, "libjllama.so"))) {
            return Path.of(configured, "libjllama.so");
        }
        String resource = "de/kherud/llama/" + platform() + "/libjllama.so";
        try (InputStream in = BundledLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LibraryMismatchException("the jar holds no llama.cpp library for this platform ("
                        + resource + "); use engine: binding");
            }
            Path dir = Files.createTempDirectory("helix-ffm-");
            Path file = dir.resolve("libjllama.so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the llama.cpp library out of the jar", e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String system = os.contains("mac") ? "Mac" : os.contains("win") ? "Windows" : "Linux";
        String machine = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return system + "/" + machine;
    }
}
