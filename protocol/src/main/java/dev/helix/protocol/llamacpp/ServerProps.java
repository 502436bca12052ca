package dev.helix.protocol.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /props}, llama-server's fingerprint: the generation defaults (with {@code n_ctx}, the context per slot),
 * how many requests it serves at once, the model file, its chat template and the build.
 */
public record ServerProps(JsonNode defaultGenerationSettings, int totalSlots, String modelPath, String chatTemplate,
                          String bosToken, String eosToken, String buildInfo) {}
