package dev.helix.protocol.ollama;

/** The legacy {@code POST /api/embeddings}' answer: one vector (older LangChain and Continue still call it). */
public record EmbeddingResponse(float[] embedding) {}
