package dev.helix.protocol.ollama;

import java.util.List;

/** {@code GET /api/tags}: every model Helix can serve. */
public record TagsResponse(List<Tag> models) {

    public record Tag(String name, String model, String modifiedAt, long size, String digest, ModelDetails details) {}
}
