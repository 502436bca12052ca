package dev.helix.router.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model found in a store.
 *
 * @param name      the name requests use ({@code llama3.2:latest}, {@code hf.co/ORG/REPO:Q4_K_M}, a file stem)
 * @param file      the GGUF file llama.cpp loads; for a split model its first part (llama.cpp finds the others)
 * @param store     where it was found
 * @param parts     files the model is split into (1 when whole)
 * @param projector a vision projector ({@code mmproj}) that belongs to it, or null
 * @param preset    what the store says to apply to requests
 * @param digest    the sha256 of the model file when the store names it (Ollama's blobs, the Hugging Face cache), or
 *                  null
 * @param variantOf for a variant made with {@code /api/create}: the model it was made from; else null
 */
public record StoredModel(String name, Path file, StoreKind store, int parts, Path projector, ModelPreset preset,
                          String digest, String variantOf) {
    public StoredModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(store, "store");
        preset = preset == null ? ModelPreset.NONE : preset;
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be >= 1");
        }
    }

    /** A plain model file. */
    public static StoredModel of(String name, Path file, StoreKind store) {
        return new StoredModel(name, file, store, 1, null, ModelPreset.NONE, null, null);
    }

    public StoredModel withName(String value) {
        return new StoredModel(value, file, store, parts, projector, preset, digest, variantOf);
    }

    public StoredModel withProjector(Path value) {
        return new StoredModel(name, file, store, parts, value, preset, digest, variantOf);
    }

    public StoredModel withParts(int value) {
        return new StoredModel(name, file, store, value, projector, preset, digest, variantOf);
    }

    public StoredModel withPreset(ModelPreset value) {
        return new StoredModel(name, file, store, parts, projector, value, digest, variantOf);
    }

    public StoredModel withStore(StoreKind value) {
        return new StoredModel(name, file, value, parts, projector, preset, digest, variantOf);
    }

    public StoredModel withDigest(String value) {
        return new StoredModel(name, file, store, parts, projector, preset, value, variantOf);
    }
}
