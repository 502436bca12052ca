package dev.helix.server.ollama;

/**
 * One object of a chat or generate answer: a streamed piece ({@code done:false}) or the last object
 * ({@code done:true}) with why it ended and what it cost, durations in nanoseconds. Chat answers carry
 * {@code message}, generate answers {@code response}.
 */
record OllamaResponse(String model, String createdAt, Message message, String response, boolean done,
                      String doneReason, Long totalDuration, Long loadDuration, Integer promptEvalCount,
                      Long promptEvalDuration, Integer evalCount, Long evalDuration) {

    record Message(String role, String content) {}

    static OllamaResponse chatPiece(String model, String createdAt, String text) {
        return new OllamaResponse(model, createdAt, new Message("assistant", text), null, false, null, null, null,
                null, null, null, null);
    }

    static OllamaResponse generatePiece(String model, String createdAt, String text) {
        return new OllamaResponse(model, createdAt, null, text, false, null, null, null, null, null, null, null);
    }
}
