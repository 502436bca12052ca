package dev.helix.protocol.llamacpp;

/** {@code GET /health}: {@code {"status":"ok"}} when ready (llama-server answers 503 while it loads). */
public record HealthResponse(String status) {}
