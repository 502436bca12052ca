package dev.helix.server.cli;

import dev.helix.router.ModelRouter;
import dev.helix.router.config.HelixConfig;
import dev.helix.server.reload.ConfigReloader;
import dev.helix.server.reload.ConfigWatcher;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code helix serve}'s hot reload: the config file watched, SIGHUP and {@code POST /helix/reload}, each reading it
 * again with the same flags.
 */
final class Reloading {
    private static final Logger LOG = LoggerFactory.getLogger(Reloading.class);

    private Reloading() {
    }

    /** Starts watching; returns what stops it (nothing to stop when there is no file). */
    static AutoCloseable start(ConfigOptions options, ModelRouter router, HelixConfig current,
                               dev.helix.server.HelixServer http) {
        var reloader = new ConfigReloader(options::load, router, current);
        http.reloadWith(reloader);
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reloader.reload());
        } catch (IllegalArgumentException e) {
            LOG.debug("no SIGHUP here: {}", e.getMessage());
        }
        Path file = options.configFile();
        if (file == null) {
            return () -> { };
        }
        try {
            return new ConfigWatcher(file, reloader);
        } catch (IOException e) {
            LOG.warn("cannot watch {} for changes ({}); SIGHUP still reloads it", file, e.getMessage());
            return () -> { };
        }
    }
}
