package dev.helix.protocol.ollama;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /api/embed} ({@code input}: string or list) and the legacy {@code /api/embeddings} ({@code prompt}). */
public record EmbedRequest(String model, JsonNode input, String prompt, Boolean truncate, Integer dimensions,
                           JsonNode keepAlive, JsonNode options) {}
