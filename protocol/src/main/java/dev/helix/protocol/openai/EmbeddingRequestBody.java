package dev.helix.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /v1/embeddings}; {@code input} is a string or a list of strings. */
public record EmbeddingRequestBody(String model, JsonNode input, String encodingFormat, Integer dimensions,
                                   JsonNode keepAlive) {}
