package dev.helix.protocol.ollama;

import java.util.List;

/** {@code GET /api/tags}: every model Helix can serve. */
public record TagsResponse(List<Tag> models) {

    /**
     * One model; {@code source} is Helix's own addition (Ollama clients ignore it): where the model came from.
     */
    public record Tag(String name, String model, String modifiedAt, long size, String digest, ModelDetails details,
                      Source source) {
        public Tag(String name, String model, String modifiedAt, long size, String digest, ModelDetails details) {
            this(name, model, modifiedAt, size, digest, details, null);
        }
    }

    /**
     * Where a model came from.
     *
     * @param store     {@code helix}, {@code ollama}, {@code huggingface}, {@code lmstudio}, {@code gpt4all},
     *                  {@code jan}, {@code models.yaml}, or a provider's name
     * @param path      the file served (for a split model its first part)
     * @param parts     files of a split model, null when whole
     * @param projector a vision projector beside it (recognised; served once a vision engine exists), or null
     * @param from      for a variant made with /api/create, the model it was made from
     */
    public record Source(String store, String path, Integer parts, String projector, String from) {}
}
