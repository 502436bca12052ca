package dev.helix.protocol.anthropic;

import com.fasterxml.jackson.annotation.JsonRawValue;

/** A block of an answer's {@code content}: text, a tool call, or a thinking model's thoughts. */
public sealed interface ContentBlock {

    String type();

    record Text(String type, String text) implements ContentBlock {
        public Text(String text) {
            this("text", text);
        }
    }

    /**
     * A call of a tool.
     *
     * @param id    {@code toolu_…}, echoed by the client's {@code tool_result}
     * @param input the arguments, a JSON object (written as the JSON text it is)
     */
    record ToolUse(String type, String id, String name, @JsonRawValue String input) implements ContentBlock {
        public ToolUse(String id, String name, String input) {
            this("tool_use", id, name, input);
        }
    }

    /** Reasoning text; {@code signature} is empty (Helix signs nothing) but always present, as clients expect it. */
    record Thinking(String type, String thinking, String signature) implements ContentBlock {
        public Thinking(String thinking) {
            this("thinking", thinking, "");
        }
    }
}
