package dev.helix.protocol.llamacpp;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /detokenize}: {@code tokens}, an array of token ids (kept as JSON for the server to check). */
public record DetokenizeRequest(String model, JsonNode tokens) {}
