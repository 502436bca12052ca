package dev.helix.router.store;

import java.util.Locale;
import java.util.Optional;

/** The programs whose model stores Helix reads, in the order a name's owner is chosen when two stores share it. */
public enum StoreKind {
    /** Helix's own models folder ({@code ~/.helix/models}): pulled and created models; the only store Helix writes. */
    HELIX("helix", "Helix's models folder"),
    OLLAMA("ollama", "Ollama's store"),
    HUGGING_FACE("huggingface", "the Hugging Face cache"),
    LM_STUDIO("lmstudio", "LM Studio's store"),
    GPT4ALL("gpt4all", "GPT4All's store"),
    JAN("jan", "Jan's store");

    private final String key;
    private final String title;

    StoreKind(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The name in models.yaml ({@code stores: {ollama: false}}), listings and qualified names ({@code jan/NAME}). */
    public String key() {
        return key;
    }

    /** Words for messages: "Ollama's store". */
    public String title() {
        return title;
    }

    /** Whether Helix may delete what is in it. */
    public boolean owned() {
        return this == HELIX;
    }

    public static Optional<StoreKind> of(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (StoreKind kind : values()) {
            if (kind.key.equals(k) || (kind == HUGGING_FACE && k.equals("hf"))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
