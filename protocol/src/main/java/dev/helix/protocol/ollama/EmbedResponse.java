package dev.helix.protocol.ollama;

import java.util.List;

/** {@code POST /api/embed}'s answer. */
public record EmbedResponse(String model, List<float[]> embeddings, long totalDuration, long loadDuration,
                            int promptEvalCount) {}
