package dev.helix.router.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LM Studio's store ({@code ~/.lmstudio/models/PUBLISHER/REPO/FILE.gguf}, earlier {@code ~/.cache/lm-studio/models}):
 * each file named by its stem, as in Helix's own folder; a projector beside a model is its vision projector.
 */
public record LmStudioStore(Path root) implements ModelStore {
    @Override
    public StoreKind kind() {
        return StoreKind.LM_STUDIO;
    }

    @Override
    public List<StoredModel> scan() {
        return byStem(root, 3, kind());
    }

    /** Every model in the folders under root to {@code depth}, named by file stem, with the projector beside it. */
    static List<StoredModel> byStem(Path root, int depth, StoreKind kind) {
        var models = new ArrayList<StoredModel>();
        for (Path dir : GgufFolder.folders(root, depth)) {
            Path projector = GgufFolder.projector(dir);
            for (GgufFolder.Model m : GgufFolder.models(dir)) {
                models.add(StoredModel.of(m.stem(), m.file(), kind).withParts(m.parts()).withProjector(projector));
            }
        }
        return models;
    }
}
