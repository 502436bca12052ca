package dev.helix.server.cli;

import java.nio.file.Path;

/**
 * The models.yaml a command reads, or would read.
 *
 * @param path   the file
 * @param origin "--config" or "HELIX_CONFIG" when named there, null for the default {@code ~/.helix/models.yaml}
 * @param exists whether it exists (a named file always does; the default one is optional)
 */
record ConfigFile(Path path, String origin, boolean exists) {}
