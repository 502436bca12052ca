package dev.helix.server.ollama;

import java.util.List;

/** {@code POST /api/embed}'s answer. */
record EmbedResponse(String model, List<float[]> embeddings, long totalDuration, long loadDuration,
                     int promptEvalCount) {}
