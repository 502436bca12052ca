package dev.helix.server.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration when its file changes: watches the file's folder (editors replace files rather than write
 * them) and reloads when the file's bytes differ from the last ones read, so one save that raises several events
 * reloads once.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final ConfigReloader reloader;
    private final WatchService watch;
    private final Thread thread;
    private byte[] lastSeen;

    public ConfigWatcher(Path file, ConfigReloader reloader) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        this.reloader = reloader;
        this.lastSeen = read();
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = Thread.ofPlatform().daemon().name("helix-config-watch").start(this::run);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean ours = key.pollEvents().stream().anyMatch(e -> e.context() instanceof Path p
                        && p.getFileName().equals(file.getFileName()));
                key.reset();
                if (ours) {
                    byte[] now = read();
                    if (now != null && now.length > 0 && !Arrays.equals(now, lastSeen)) { // empty: mid-write
                        lastSeen = now;
                        reloader.reload();
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            LOG.error("configuration watch stopped: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing
        }
        thread.interrupt();
    }
}
