package dev.helix.provider;

import java.util.List;

/**
 * A whole, non-streamed generation result: its text, the reasoning split off it (empty unless asked for and the model
 * thinks) and the tool calls it made, in order.
 */
public record Completion(String text, String reasoning, List<Chunk.ToolCall> toolCalls, FinishReason reason,
                         Usage usage, Timings timings) {
    public Completion {
        reasoning = reasoning == null ? "" : reasoning;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Completion(String text, List<Chunk.ToolCall> toolCalls, FinishReason reason, Usage usage, Timings timings) {
        this(text, "", toolCalls, reason, usage, timings);
    }

    public Completion(String text, FinishReason reason, Usage usage, Timings timings) {
        this(text, "", List.of(), reason, usage, timings);
    }
}
