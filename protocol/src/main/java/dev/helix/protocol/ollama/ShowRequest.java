package dev.helix.protocol.ollama;

/** {@code POST /api/show}: {@code model}, or the legacy {@code name} that Continue and Open WebUI still send. */
public record ShowRequest(String model, String name, Boolean verbose) {}
