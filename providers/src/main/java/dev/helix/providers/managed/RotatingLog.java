package dev.helix.providers.managed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file rotated by size: when {@code name.log} would grow past {@code maxBytes} it becomes {@code name.log.1}
 * ({@code .1} becomes {@code .2}, and so on, {@code keep} files at most) and a new {@code name.log} starts. Appends to
 * the file it finds. Only rotation boundaries may split a line.
 */
public final class RotatingLog implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    public RotatingLog(Path file, long maxBytes, int keep) throws IOException {
        if (maxBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("maxBytes must be positive and keep not negative");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (size >= maxBytes) {
                rotate();
            }
            int n = (int) Math.min(length, maxBytes - size);
            out.write(bytes, offset, n);
            size += n;
            offset += n;
            length -= n;
        }
        out.flush();
    }

    /** A line of Helix's own (a start, an exit), marked so it stands out from the server's output. */
    public void note(String line) throws IOException {
        byte[] bytes = ("[helix] " + line + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(bytes, 0, bytes.length);
    }

    private void rotate() throws IOException {
        out.close();
        if (keep == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(numbered(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
