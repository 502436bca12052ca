package dev.helix.runtime.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.args.LogFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the process for the binding before its first use. The binding's loader unpacks its library into
 * {@code java.io.tmpdir} and deletes every file there whose name starts with {@code llama} or {@code jllama}, so
 * it gets a private directory; {@code de.kherud.llama.lib.path} (set by the runner's parent, or by a user with a
 * GPU build from {@code native/}) is honoured as is. Native log lines go to SLF4J.
 */
final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger("dev.helix.llama.cpp");

    private NativeLibrary() {}

    /** Idempotent and thread-safe: the work happens once, when the holder class initialises. */
    static void prepare() {
        Once.done();
    }

    private static final class Once {
        static {
            if (System.getProperty("de.kherud.llama.tmpdir") == null) {
                System.setProperty("de.kherud.llama.tmpdir", privateTempDir().toString());
            }
            LlamaModel.setLogger(LogFormat.TEXT, NativeLibrary::log);
        }

        static void done() {}
    }

    private static Path privateTempDir() {
        try {
            Path dir = Files.createTempDirectory("helix-native-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for the llama.cpp library", e);
        }
    }

    private static void log(LogLevel level, String message) {
        String text = message.stripTrailing();
        if (text.isEmpty()) {
            return;
        }
        switch (level) {
            case ERROR -> LOG.error(text);
            case WARN -> LOG.warn(text);
            case INFO -> LOG.debug(text);
            default -> LOG.trace(text);
        }
    }
}
