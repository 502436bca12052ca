package dev.helix.server.openai;

import java.util.List;

/** The answer of {@code POST /v1/embeddings}; {@code embedding} is a float array or a base64 string. */
record EmbeddingList(String object, List<Item> data, String model, Usage usage) {

    record Item(String object, int index, Object embedding) {}

    record Usage(int promptTokens, int totalTokens) {}
}
