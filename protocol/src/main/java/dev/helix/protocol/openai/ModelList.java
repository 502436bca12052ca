package dev.helix.protocol.openai;

import java.util.List;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<Model> data) {

    public record Model(String id, String object, long created, String ownedBy) {}
}
