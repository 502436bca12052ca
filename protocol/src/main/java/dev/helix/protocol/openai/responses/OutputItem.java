package dev.helix.protocol.openai.responses;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An item of a response's {@code output}: a message, a function call or reasoning. */
public sealed interface OutputItem {

    /** The item's id ({@code msg_…}, {@code fc_…}, {@code rs_…}). */
    String id();

    /**
     * The assistant's text.
     *
     * @param status in_progress, completed or incomplete
     */
    record Message(String type, String id, String status, String role, List<Text> content) implements OutputItem {
        public Message(String id, String status, List<Text> content) {
            this("message", id, status, "assistant", content);
        }
    }

    /** A part of a message: {@code output_text}, with no annotations and no logprobs (both always present). */
    record Text(String type, String text, List<Object> annotations, List<Object> logprobs) {
        public Text(String text) {
            this("output_text", text, List.of(), List.of());
        }
    }

    /**
     * A call of a function tool.
     *
     * @param callId    the id the client echoes in its {@code function_call_output}
     * @param arguments the arguments as a JSON string
     */
    record FunctionCall(String type, String id, String callId, String name, String arguments, String status)
            implements OutputItem {
        public FunctionCall(String id, String callId, String name, String arguments, String status) {
            this("function_call", id, callId, name, arguments, status);
        }
    }

    /**
     * What a thinking model wrote before its answer, as {@code reasoning_text} content (as open-weight servers send
     * it); {@code summary} is always present and empty: Helix does not summarise.
     */
    record Reasoning(String type, String id, List<Object> summary, List<ReasoningText> content,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String status) implements OutputItem {
        public Reasoning(String id, List<ReasoningText> content, String status) {
            this("reasoning", id, List.of(), content, status);
        }
    }

    record ReasoningText(String type, String text) {
        public ReasoningText(String text) {
            this("reasoning_text", text);
        }
    }
}
