package dev.helix.provider;

import java.util.List;
import java.util.Objects;

/**
 * A chat turn: the whole conversation so far, rendered through the model's chat template.
 *
 * @param tools             functions the model may call; empty for none
 * @param toolChoice        whether it must call one ({@link ToolChoice#AUTO} by default)
 * @param parallelToolCalls whether a forced call may be several calls
 */
public record ChatRequest(String model, List<ChatMessage> messages, GenerationOptions options, List<Tool> tools,
                          ToolChoice toolChoice, boolean parallelToolCalls) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        options = options == null ? GenerationOptions.DEFAULTS : options;
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
        if (toolChoice.forced() && tools.isEmpty()) {
            throw new InvalidRequestException("tool_choice requires a tool call but no tools were given", "tool_choice");
        }
        if (toolChoice instanceof ToolChoice.Named named
                && tools.stream().noneMatch(t -> t.name().equals(named.name()))) {
            throw new InvalidRequestException("tool_choice names \"" + named.name() + "\", which is not in tools",
                    "tool_choice");
        }
        if (toolChoice.forced() && options.constraint() != null) {
            throw new InvalidRequestException("a forced tool_choice cannot be combined with a response format: both "
                    + "constrain the same output", "tool_choice");
        }
        long distinct = tools.stream().map(Tool::name).distinct().count();
        if (distinct != tools.size()) {
            throw new InvalidRequestException("tool names must be unique", "tools");
        }
    }

    public ChatRequest(String model, List<ChatMessage> messages, GenerationOptions options) {
        this(model, messages, options, List.of(), ToolChoice.AUTO, false);
    }

    /** The same request for a model of another name (the name a backend knows the model by). */
    public ChatRequest withModel(String name) {
        return new ChatRequest(name, messages, options, tools, toolChoice, parallelToolCalls);
    }

    /** Whether tool calls may appear in the output at all. */
    public boolean toolsActive() {
        return !tools.isEmpty() && !(toolChoice instanceof ToolChoice.None);
    }
}
