package dev.helix.provider;

import java.util.List;

/** A whole, non-streamed generation result: its text and the tool calls it made, in order. */
public record Completion(String text, List<Chunk.ToolCall> toolCalls, FinishReason reason, Usage usage,
                         Timings timings) {
    public Completion {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Completion(String text, FinishReason reason, Usage usage, Timings timings) {
        this(text, List.of(), reason, usage, timings);
    }
}
