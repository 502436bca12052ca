package dev.helix.server.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The structured request log: one JSON line per request ({@link FinishedRequest}), written to a file that rotates at
 * a size, keeping a number of older files ({@code requests.jsonl.0} is the current one, {@code .1} the one before).
 * The JDK's {@link FileHandler} does the rotation and the locking; each line is flushed as it is written.
 */
public final class RequestLog implements AutoCloseable {
    private final FileHandler file;
    private final ObjectMapper json;

    private RequestLog(FileHandler file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    /**
     * @param path     the file; rotated copies are {@code path.0}, {@code path.1}, ... ({@code %g} in the name places
     *                 the number elsewhere)
     * @param maxBytes rotate when the current file would grow past this (0 = never)
     * @param files    how many files to keep, the current one included
     */
    public static RequestLog rotating(Path path, long maxBytes, int files, ObjectMapper json) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            var handler = new FileHandler(path.toString(), maxBytes, Math.max(1, files), true);
            handler.setEncoding("UTF-8");
            handler.setFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    return record.getMessage() + "\n";
                }
            });
            return new RequestLog(handler, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the request log " + path + ": " + e.getMessage(), e);
        }
    }

    public void write(FinishedRequest request) {
        try {
            file.publish(new LogRecord(Level.INFO, json.writeValueAsString(request)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a finished request could not be written as JSON", e);
        }
    }

    @Override
    public void close() {
        file.close();
    }
}
