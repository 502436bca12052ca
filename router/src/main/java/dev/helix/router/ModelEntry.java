package dev.helix.router;

import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * A model Helix can serve: from models.yaml or found in the models directory.
 *
 * @param id        canonical name (file stem for discovered files)
 * @param path      the GGUF file
 * @param aliases   other names that resolve to this model
 * @param options   load options (defaults merged with the model's own)
 * @param keepAlive the model's keep_alive when a request gives none, or null for the router default
 */
public record ModelEntry(String id, Path path, List<String> aliases, ModelLoadOptions options, KeepAlive keepAlive) {
    public ModelEntry {
        aliases = List.copyOf(aliases);
    }
}
