package dev.helix.protocol.ollama;

import java.util.List;

/** {@code GET /api/ps}: the models loaded now. */
public record PsResponse(List<Running> models) {

    public record Running(String name, String model, long size, String digest, ModelDetails details, String expiresAt,
                          long sizeVram, long contextLength) {}
}
