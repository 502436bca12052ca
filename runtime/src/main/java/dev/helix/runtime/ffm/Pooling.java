package dev.helix.runtime.ffm;

/**
 * How one vector is made of an input's per-token vectors: {@code enum llama_pooling_type} in {@code llama.h}, the
 * values a GGUF file's {@code <arch>.pooling_type} holds.
 */
public enum Pooling {
    /** No pooling: one vector per token. */
    NONE(0),
    /** The mean of every token's vector. */
    MEAN(1),
    /** The first token's vector (BERT's [CLS]). */
    CLS(2),
    /** The last token's vector (causal models). */
    LAST(3),
    /** A reranker's score through the model's classifier head; not an embedding. */
    RANK(4);

    private final int id;

    Pooling(int id) {
        this.id = id;
    }

    /** The {@code llama_pooling_type} value. */
    public int id() {
        return id;
    }

    /** The pooling a {@code llama_pooling_type} value names, or null for an unknown one. */
    public static Pooling of(int id) {
        for (Pooling p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }
}
