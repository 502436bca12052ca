package dev.helix.provider;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat.
 *
 * @param toolCalls  for an assistant message: the calls it made (empty otherwise)
 * @param toolCallId for a tool message: the id of the call it answers (OpenAI), or null
 * @param toolName   for a tool message: the name of the tool that answered (Ollama), or null
 */
public record ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage(Role role, String content) {
        this(role, content, List.of(), null, null);
    }

    /**
     * A call an assistant message made, as the conversation history carries it.
     *
     * @param arguments the arguments as JSON object text
     */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
        }
    }
}
