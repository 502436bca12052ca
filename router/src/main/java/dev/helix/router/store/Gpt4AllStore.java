package dev.helix.router.store;

import java.nio.file.Path;
import java.util.List;

/** GPT4All's folder of downloaded models: {@code *.gguf} files side by side, each named by its stem. */
public record Gpt4AllStore(Path root) implements ModelStore {
    @Override
    public StoreKind kind() {
        return StoreKind.GPT4ALL;
    }

    @Override
    public List<StoredModel> scan() {
        return LmStudioStore.byStem(root, 0, kind());
    }
}
