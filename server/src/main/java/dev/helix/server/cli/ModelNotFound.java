package dev.helix.server.cli;

import dev.helix.router.ModelCatalog;
import dev.helix.router.UnreadableModel;
import dev.helix.router.config.HelixConfig;
import java.util.Locale;

/**
 * The one line for a model name the catalog does not have: why, when it is the name of a file that cannot be read,
 * else where Helix looked.
 */
final class ModelNotFound {
    private ModelNotFound() {}

    /** Call after a lookup of the name missed (the miss scanned the models folder). */
    static CliException of(String model, HelixConfig c, ModelCatalog catalog) {
        String name = model.toLowerCase(Locale.ROOT).replaceFirst(":latest$", "");
        for (UnreadableModel u : catalog.unreadable()) {
            if (!u.configured() && u.id().toLowerCase(Locale.ROOT).equals(name)) {
                return new CliException("model \"" + model + "\" is not served: " + u.path() + ": " + u.reason());
            }
        }
        return new CliException("model \"" + model + "\" not found (looked in " + c.modelsDir()
                + (c.source() == null ? "" : " and " + c.source()) + ")");
    }
}
