package dev.helix.server;

import dev.helix.provider.Chunk;
import dev.helix.provider.FinishReason;
import dev.helix.provider.Usage;
import java.util.List;
import java.util.Objects;

/**
 * A whole answer as every chat API reports it: its parts in the order the model wrote them (reasoning, text, tool
 * calls), why it ended and what it cost. Chat Completions joins the parts into one message; the Responses API makes
 * each an output item and the Messages API each a content block.
 */
public record Reply(List<Part> parts, FinishReason reason, Usage usage) {
    public Reply {
        parts = List.copyOf(parts);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(usage, "usage");
    }

    /** What a part of running text holds while it streams. */
    public enum Kind { REASONING, TEXT }

    /** One part of an answer. */
    public sealed interface Part {
        /** A run of reasoning text (a thinking model's thoughts, apart from its answer). */
        record Reasoning(String text) implements Part {}

        /** A run of answer text. */
        record Text(String text) implements Part {}

        /** A whole tool call. */
        record Call(Chunk.ToolCall call) implements Part {}
    }

    /** All the answer text, joined. */
    public String text() {
        var text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    /** All the reasoning text, joined. */
    public String reasoning() {
        var text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Reasoning r) {
                text.append(r.text());
            }
        }
        return text.toString();
    }

    public List<Chunk.ToolCall> calls() {
        return parts.stream().filter(p -> p instanceof Part.Call).map(p -> ((Part.Call) p).call()).toList();
    }
}
