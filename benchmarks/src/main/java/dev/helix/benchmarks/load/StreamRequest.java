package dev.helix.benchmarks.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.provider.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One streamed chat request as the load tool sends it: fixed messages, a seed, at most {@code maxTokens} tokens,
 * and greedy decoding unless a temperature is given. The same record drives the in-process baseline, so both sides
 * of a comparison generate from the same conversation.
 */
public record StreamRequest(String model, List<ChatMessage> messages, int maxTokens, long seed, double temperature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public StreamRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
    }

    /** A greedy request (temperature 0). */
    public static StreamRequest greedy(String model, List<ChatMessage> messages, int maxTokens, long seed) {
        return new StreamRequest(model, messages, maxTokens, seed, 0);
    }

    /** The JSON body for {@code api}: OpenAI with usage in the last event, Ollama with its {@code options}. */
    public byte[] body(Api api) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", true);
        ArrayNode array = body.putArray("messages");
        for (ChatMessage m : messages) {
            array.addObject().put("role", m.role().wireName()).put("content", m.content());
        }
        switch (api) {
            case OPENAI -> {
                body.put("max_tokens", maxTokens).put("temperature", temperature).put("seed", seed);
                body.putObject("stream_options").put("include_usage", true);
            }
            case OLLAMA -> body.putObject("options").put("num_predict", maxTokens).put("temperature", temperature)
                    .put("seed", seed);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
