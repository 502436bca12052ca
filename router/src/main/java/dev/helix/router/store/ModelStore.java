package dev.helix.router.store;

import java.nio.file.Path;
import java.util.List;

/**
 * A folder where a program keeps GGUF models, read in place: nothing is copied, and nothing outside Helix's own
 * store is ever written or deleted. One implementation per layout.
 */
public sealed interface ModelStore permits HelixStore, OllamaStore, HuggingFaceStore, LmStudioStore, Gpt4AllStore,
        JanStore {

    StoreKind kind();

    /** The folder read; it need not exist. */
    Path root();

    /**
     * Every model in it, in a stable order. Never throws for a missing or malformed store: what cannot be read is
     * left out (and logged at debug).
     */
    List<StoredModel> scan();

    /** The store of this kind at a folder. */
    static ModelStore of(StoreKind kind, Path root) {
        Path r = root.toAbsolutePath().normalize();
        return switch (kind) {
            case HELIX -> new HelixStore(r);
            case OLLAMA -> new OllamaStore(r);
            case HUGGING_FACE -> new HuggingFaceStore(r);
            case LM_STUDIO -> new LmStudioStore(r);
            case GPT4ALL -> new Gpt4AllStore(r);
            case JAN -> new JanStore(r);
        };
    }
}
