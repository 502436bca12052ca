package dev.helix.protocol.ollama;

/** Ollama's error body, {@code {"error":"message"}}: the whole answer, or one NDJSON line once a stream has begun. */
public record OllamaError(String error) {}
