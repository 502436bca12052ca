package dev.helix.server.ollama;

import java.util.List;

/** {@code GET /api/tags}: every model Helix can serve. */
record TagsResponse(List<Tag> models) {

    record Tag(String name, String model, String modifiedAt, long size, String digest, ModelDetails details) {}
}
