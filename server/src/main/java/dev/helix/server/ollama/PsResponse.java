package dev.helix.server.ollama;

import java.util.List;

/** {@code GET /api/ps}: the models loaded now. */
record PsResponse(List<Running> models) {

    record Running(String name, String model, long size, String digest, ModelDetails details, String expiresAt,
                   long sizeVram, long contextLength) {}
}
