package dev.helix.server.openai;

import java.util.List;

/** {@code GET /v1/models}. */
record ModelList(String object, List<Model> data) {

    record Model(String id, String object, long created, String ownedBy) {}
}
