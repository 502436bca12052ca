package dev.helix.runtime.llamacpp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.Tool;
import dev.helix.runtime.template.ChatTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A chat request as Helix's own template renderer takes it: its messages and, when calls are allowed, its tools. */
final class TemplateInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateInputs() {
    }

    static List<ChatTemplate.Message> messages(ChatRequest request) {
        return request.messages().stream().map(TemplateInputs::message).toList();
    }

    private static ChatTemplate.Message message(ChatMessage m) {
        return new ChatTemplate.Message(m.role().wireName(), m.content(), m.toolCalls().stream()
                .map(c -> new ChatTemplate.ToolCall(c.id(), c.name(), c.arguments())).toList(), m.toolCallId(),
                m.toolName());
    }

    /**
     * The tools in the OpenAI shape llama.cpp hands its templates, or null when the request allows no calls.
     *
     * @throws dev.helix.provider.InvalidRequestException when a tool's parameters are not a schema Helix can follow
     */
    static List<Map<String, Object>> tools(ChatRequest request) {
        if (!request.toolsActive()) {
            return null;
        }
        List<Map<String, Object>> tools = new ArrayList<>();
        for (Tool tool : request.tools()) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            function.put("description", tool.description());
            function.put("parameters", JSON.convertValue(ToolParameters.of(tool), Object.class));
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put("type", "function");
            wrapper.put("function", function);
            tools.add(wrapper);
        }
        return tools;
    }
}
