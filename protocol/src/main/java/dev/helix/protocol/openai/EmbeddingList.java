package dev.helix.protocol.openai;

import java.util.List;

/** The answer of {@code POST /v1/embeddings}; {@code embedding} is a float array or a base64 string. */
public record EmbeddingList(String object, List<Item> data, String model, Usage usage) {

    public record Item(String object, int index, Object embedding) {}

    public record Usage(int promptTokens, int totalTokens) {}
}
