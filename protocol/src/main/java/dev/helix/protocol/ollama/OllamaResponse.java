package dev.helix.protocol.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One object of a chat or generate answer: a streamed piece ({@code done:false}) or the last object
 * ({@code done:true}) with why it ended and what it cost, durations in nanoseconds. Chat answers carry
 * {@code message}, generate answers {@code response} (and {@code thinking} when split out).
 */
public record OllamaResponse(String model, String createdAt, Message message, String response, String thinking,
                             boolean done, String doneReason, Long totalDuration, Long loadDuration,
                             Integer promptEvalCount, Long promptEvalDuration, Integer evalCount, Long evalDuration,
                             List<Logprob> logprobs) {

    public OllamaResponse(String model, String createdAt, Message message, String response, String thinking,
                          boolean done, String doneReason, Long totalDuration, Long loadDuration,
                          Integer promptEvalCount, Long promptEvalDuration, Integer evalCount, Long evalDuration) {
        this(model, createdAt, message, response, thinking, done, doneReason, totalDuration, loadDuration,
                promptEvalCount, promptEvalDuration, evalCount, evalDuration, null);
    }

    /**
     * A generated token's log-probability, as Ollama (0.12 and later) sends them when asked ({@code logprobs: true}):
     * {@code top_logprobs} lists the most likely tokens at its position (left out inside that list).
     */
    public record Logprob(String token, double logprob, List<Integer> bytes, List<Logprob> topLogprobs) {}

    /** The same object with the log-probabilities of the tokens it carries (null: none asked for). */
    public OllamaResponse withLogprobs(List<Logprob> value) {
        return new OllamaResponse(model, createdAt, message, response, thinking, done, doneReason, totalDuration,
                loadDuration, promptEvalCount, promptEvalDuration, evalCount, evalDuration, value);
    }

    /** {@code thinking} and {@code tool_calls} are left out when empty. */
    public record Message(String role, String content, String thinking, List<ToolCall> toolCalls) {
        public Message(String role, String content) {
            this(role, content, null, null);
        }
    }

    /** A call as Ollama sends it: whole, with its arguments as a JSON object. */
    public record ToolCall(Function function) {}

    public record Function(int index, String name, JsonNode arguments) {}

    public static OllamaResponse chatPiece(String model, String createdAt, Message message) {
        return new OllamaResponse(model, createdAt, message, null, null, false, null, null, null, null, null, null,
                null);
    }

    public static OllamaResponse generatePiece(String model, String createdAt, String text, String thinking) {
        return new OllamaResponse(model, createdAt, null, text, thinking, false, null, null, null, null, null, null,
                null);
    }
}
