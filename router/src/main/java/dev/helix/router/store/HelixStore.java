package dev.helix.router.store;

import dev.helix.router.GgufFiles;
import dev.helix.router.ModelScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helix's own models folder ({@code ~/.helix/models}, models.yaml's {@code models_dir}): every {@code *.gguf} under
 * it named by its file stem (see {@link ModelScanner}), except what {@code helix pull} put under
 * {@code hf.co/ORG/REPO/}, named {@code hf.co/ORG/REPO:QUANT} as Ollama names it; what it pulled from Ollama's
 * registry, in Ollama's layout under {@code ollama/}, under its Ollama name; plus the variants made with
 * {@code /api/create} ({@link Variants}). The only store Helix writes to and deletes from.
 */
public record HelixStore(Path root) implements ModelStore {
    @Override
    public StoreKind kind() {
        return StoreKind.HELIX;
    }

    @Override
    public List<StoredModel> scan() {
        var models = new ArrayList<StoredModel>();
        for (ModelScanner.Found found : ModelScanner.scan(root)) {
            String fileName = found.path().getFileName().toString();
            Path relative = root.relativize(found.path());
            String name = found.id();
            if (relative.getNameCount() == 4 && relative.getName(0).toString().equals("hf.co")) {
                name = QuantTag.hfName(relative.getName(1).toString(), relative.getName(2).toString(),
                        GgufFiles.stem(fileName));
            }
            models.add(StoredModel.of(name, found.path(), kind()).withParts(GgufFiles.parts(fileName))
                    .withProjector(GgufFolder.projector(found.path().getParent())));
        }
        for (StoredModel pulled : new OllamaStore(ollamaRoot()).scan()) {
            models.add(pulled.withStore(kind()));
        }
        models.addAll(variants().list());
        return models;
    }

    /** The variants made in this store. */
    public Variants variants() {
        return new Variants(root.resolve(".variants"));
    }

    /** Where {@code helix pull} keeps models of Ollama's registry, in Ollama's own layout ({@link OllamaLayout}). */
    public Path ollamaRoot() {
        return root.resolve("ollama");
    }

    /**
     * Deletes a model pulled from Ollama's registry and the blobs no other one uses.
     *
     * @return false when it is not one
     */
    public boolean deletePulledFromOllama(StoredModel model) {
        return model.file().startsWith(ollamaRoot()) && OllamaLayout.delete(ollamaRoot(), model.name());
    }

    /** Where {@code helix pull} puts a file of a Hugging Face repository. */
    public Path hfFolder(String org, String repo) {
        return root.resolve("hf.co").resolve(org).resolve(repo);
    }
}
