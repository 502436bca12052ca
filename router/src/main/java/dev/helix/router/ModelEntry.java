package dev.helix.router;

import dev.helix.runtime.ModelLoadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model Helix can serve: from models.yaml, found in the models directory, or given as a file by the CLI.
 *
 * @param id        canonical name (file stem for discovered files)
 * @param path      the GGUF file (for split models, the first part); it need not exist until loaded
 * @param aliases   other names that resolve to this model
 * @param options   load options (defaults merged with the model's own)
 * @param keepAlive the model's keep_alive when a request gives none, or null for the router default
 */
public record ModelEntry(String id, Path path, List<String> aliases, ModelLoadOptions options, KeepAlive keepAlive) {
    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        if (id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        options = options == null ? ModelLoadOptions.DEFAULTS : options;
    }

    /**
     * An entry for a file named directly (the CLI's {@code helix run ./model.gguf}): named by its file stem,
     * split suffix ("-00001-of-00003") removed. Only for programmatic use: no HTTP request can name a path.
     */
    public static ModelEntry ofFile(Path file, ModelLoadOptions options) {
        Path absolute = file.toAbsolutePath().normalize();
        return new ModelEntry(GgufFiles.stem(absolute.getFileName().toString()), absolute, List.of(), options, null);
    }

    /** The id followed by the aliases. */
    public List<String> names() {
        var names = new ArrayList<String>(aliases.size() + 1);
        names.add(id);
        names.addAll(aliases);
        return List.copyOf(names);
    }

    public ModelEntry withOptions(ModelLoadOptions value) {
        return new ModelEntry(id, path, aliases, value, keepAlive);
    }

    public ModelEntry withKeepAlive(KeepAlive value) {
        return new ModelEntry(id, path, aliases, options, value);
    }
}
