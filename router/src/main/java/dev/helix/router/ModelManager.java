package dev.helix.router;

import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelNotFoundException;
import dev.helix.router.store.HelixStore;
import dev.helix.router.store.ModelPreset;
import dev.helix.router.store.StoreKind;
import dev.helix.router.store.StoredModel;
import dev.helix.router.store.Variants;
import dev.helix.runtime.gguf.GgufSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Ollama's create and delete over the catalog: a variant is a name for a model with its own system prompt, template
 * and parameters, kept in Helix's store; delete removes only what Helix owns (its store's files, variants, names made
 * with copy), never a model in another program's store or a models.yaml entry.
 */
public final class ModelManager {
    private final ModelCatalog catalog;

    public ModelManager(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Makes (or replaces) a variant of a model. Only a model's name can be its base, never a path: requests cannot name
     * files.
     *
     * @return the variant as served
     * @throws InvalidRequestException for a bad name, a name another model has, or no Helix store
     * @throws ModelNotFoundException  when the base is not a model
     */
    public StoredModel create(String name, String from, ModelPreset preset) {
        String n = name == null ? "" : name.strip();
        if (n.endsWith(":latest")) {
            n = n.substring(0, n.length() - ":latest".length());
        }
        if (n.isEmpty() || n.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new InvalidRequestException("model: a name must be non-empty and without whitespace", "model");
        }
        if (n.length() > Variants.MAX_NAME) {
            throw new InvalidRequestException("model: a created model's name has at most " + Variants.MAX_NAME
                    + " characters", "model");
        }
        if (from == null || from.isBlank()) {
            throw new InvalidRequestException("from is required: the model this one is made from (FROM in a Modelfile)",
                    "from");
        }
        HelixStore store = catalog.helixStore().orElseThrow(() -> new InvalidRequestException(
                "Helix has no models folder to keep created models in (set models_dir)", "model"));
        ModelEntry base = catalog.find(from.strip()).orElseThrow(() -> new ModelNotFoundException(from.strip()));
        var existing = catalog.find(n);
        if (existing.isPresent() && catalog.stored(existing.get().id()).map(m -> m.variantOf() == null).orElse(true)) {
            throw new InvalidRequestException("model: \"" + n + "\" is already a model's name (" + existing.get().path()
                    + "); choose another", "model");
        }
        var stored = catalog.stored(base.id());
        ModelPreset merged = preset.over(stored.map(StoredModel::preset).orElse(ModelPreset.NONE));
        var variant = new StoredModel(n, base.path(), StoreKind.HELIX, stored.map(StoredModel::parts).orElse(1),
                stored.map(StoredModel::projector).orElse(null), merged, stored.map(StoredModel::digest).orElse(null),
                base.id());
        store.variants().write(variant);
        catalog.refresh();
        return variant;
    }

    /**
     * Deletes a model Helix owns: a name made with copy, a variant, or a model file in Helix's store (every part of a
     * split one).
     *
     * @throws InvalidRequestException for a model in another program's store or in models.yaml: the message says why
     *                                 and what to do instead
     * @throws ModelNotFoundException  when there is no such model
     */
    public void delete(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("model is required", "model");
        }
        if (catalog.removeAlias(name)) {
            return;
        }
        ModelEntry entry = catalog.find(name).orElseThrow(() -> new ModelNotFoundException(name));
        StoredModel m = catalog.stored(entry.id()).orElseThrow(() -> new InvalidRequestException("model \"" + name
                + "\" is a models.yaml entry (" + entry.path() + "); Helix does not delete it: remove the entry (and "
                + "the file) yourself", "model"));
        if (!m.store().owned()) {
            throw new InvalidRequestException("model \"" + name + "\" is in " + m.store().title() + " (" + m.file()
                    + "); Helix never deletes another program's models: remove it with that program", "model");
        }
        HelixStore store = catalog.helixStore().orElseThrow();
        if (m.variantOf() != null) {
            store.variants().delete(m.name());
        } else if (!store.deletePulledFromOllama(m)) {
            for (Path part : parts(m)) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + part, e);
                }
            }
        }
        catalog.refresh();
    }

    /** The files of a model: its file, or every part of a split one (named as llama.cpp finds them). */
    private static List<Path> parts(StoredModel m) {
        try {
            return new GgufSplit(m.file(), m.parts()).parts();
        } catch (IllegalStateException e) {
            return List.of(m.file());
        }
    }
}
