package dev.helix.server;

import dev.helix.provider.ChatMessage;
import dev.helix.provider.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the runtime's messages from an API whose history is a list of items or blocks (Responses, Messages): an
 * assistant turn's text and tool calls, given apart, become one assistant message; a tool's result is matched to the
 * call it answers, so it carries the tool's name as well as the call id (some chat templates show one, some the
 * other).
 */
public final class Conversation {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, String> callNames = new HashMap<>();
    private final StringBuilder assistantText = new StringBuilder();
    private final List<ChatMessage.ToolCall> assistantCalls = new ArrayList<>();
    private boolean assistantOpen;

    public void system(String text) {
        add(new ChatMessage(Role.SYSTEM, text));
    }

    public void user(String text) {
        add(new ChatMessage(Role.USER, text));
    }

    /** Text of the assistant's turn; joins the text and calls around it into one message. */
    public void assistant(String text) {
        assistantOpen = true;
        assistantText.append(text);
    }

    /**
     * A call the assistant made, in its turn.
     *
     * @param arguments JSON object text (checked by the caller, see {@link ToolFields#argumentsText})
     */
    public void call(String id, String name, String arguments) {
        assistantOpen = true;
        assistantCalls.add(new ChatMessage.ToolCall(id, name, arguments));
        if (id != null) {
            callNames.put(id, name);
        }
    }

    /** Ends the assistant's turn, so that the next assistant text is a message of its own. */
    public void endTurn() {
        if (!assistantOpen) {
            return;
        }
        messages.add(new ChatMessage(Role.ASSISTANT, assistantText.toString(), List.copyOf(assistantCalls), null,
                null));
        assistantText.setLength(0);
        assistantCalls.clear();
        assistantOpen = false;
    }

    /** A tool's answer to the call {@code callId}. */
    public void toolResult(String callId, String content) {
        add(new ChatMessage(Role.TOOL, content, List.of(), callId, callNames.get(callId)));
    }

    public List<ChatMessage> messages() {
        endTurn();
        return List.copyOf(messages);
    }

    private void add(ChatMessage message) {
        endTurn();
        messages.add(message);
    }
}
