package dev.helix.protocol.ollama;

/** {@code GET /api/version}: exactly {@code {"version":"x.y.z"}} (some clients reject unknown fields). */
public record VersionResponse(String version) {}
