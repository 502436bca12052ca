package dev.helix.runtime.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * minja's polyfills ({@code chat_template::apply}), for what a template does not render itself
 * ({@link ToolCapabilities}): the tools listed in a system prompt (with an example call the template itself renders,
 * {@link ToolCallExample}), an assistant's calls written as JSON content, a tool's response as a user message of
 * JSON, the calls' arguments as objects where the template needs them so, and system text merged into the next user
 * message. Messages are the OpenAI-shaped maps llama.cpp builds ({@link ChatTemplate}); the JSON is written as
 * nlohmann writes it ({@link JsonText}).
 */
final class ToolPolyfills {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolPolyfills() {
    }

    static List<Map<String, Object>> apply(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                           ToolCapabilities caps, String toolCallExample) {
        boolean hasTools = tools != null && !tools.isEmpty();
        boolean hasToolCalls = messages.stream().anyMatch(m -> m.get("tool_calls") != null);
        boolean hasToolResponses = messages.stream().anyMatch(m -> "tool".equals(m.get("role")));
        boolean systemRole = !caps.supportsSystemRole();
        boolean polyTools = hasTools && !caps.supportsTools();
        boolean toolCalls = hasToolCalls && !caps.supportsToolCalls();
        boolean toolResponses = hasToolResponses && !caps.supportsToolResponses();
        boolean objectArguments = hasToolCalls && caps.requiresObjectArguments();
        if (!(systemRole || polyTools || toolCalls || toolResponses || objectArguments)) {
            return messages;
        }
        List<Map<String, Object>> adjusted = polyTools ? addSystem(messages,
                "You can call any of the following tools to satisfy the user's requests: " + JsonText.minja(tools, 2)
                        + (toolCallExample.isEmpty() ? "" : "\n\nExample tool call syntax:\n\n" + toolCallExample
                        + "\n\n")) : messages;
        List<Map<String, Object>> out = new ArrayList<>();
        StringBuilder pendingSystem = new StringBuilder();
        for (Map<String, Object> original : adjusted) {
            if (!original.containsKey("role") || !original.containsKey("content")) {
                throw new IllegalArgumentException("message must have 'role' and 'content' fields");
            }
            Map<String, Object> message = new LinkedHashMap<>(original);
            String role = (String) message.get("role");
            if (message.containsKey("tool_calls")) {
                List<Map<String, Object>> calls = castList(message.get("tool_calls"));
                if (objectArguments || toolCalls) {
                    calls = calls.stream().map(ToolPolyfills::withParsedArguments).toList();
                    message.put("tool_calls", calls);
                }
                if (toolCalls) {
                    message.put("content", callsAsContent(message.get("content"), calls));
                    message.remove("tool_calls");
                }
            }
            if (toolResponses && role.equals("tool")) {
                message.put("role", "user");
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("content", message.get("content"));
                if (message.containsKey("name")) {
                    response.put("name", message.get("name"));
                }
                if (message.containsKey("tool_call_id")) {
                    response.put("tool_call_id", message.get("tool_call_id"));
                }
                message.put("content", JsonText.nlohmann(Map.of("tool_response", response), 2));
                message.remove("name");
            }
            if (message.get("content") != null && systemRole) {
                String content = (String) message.get("content");
                if (role.equals("system")) {
                    pendingSystem.append(pendingSystem.isEmpty() ? "" : "\n").append(content);
                    continue;
                }
                if (role.equals("user")) {
                    if (!pendingSystem.isEmpty()) {
                        message.put("content", pendingSystem + (content.isEmpty() ? "" : "\n" + content));
                        pendingSystem.setLength(0);
                    }
                } else {
                    flush(pendingSystem, out);
                }
            }
            out.add(message);
        }
        flush(pendingSystem, out);
        return out;
    }

    private static void flush(StringBuilder pendingSystem, List<Map<String, Object>> out) {
        if (!pendingSystem.isEmpty()) {
            out.add(ToolCapabilities.message("user", pendingSystem.toString()));
            pendingSystem.setLength(0);
        }
    }

    /** minja's {@code add_system}: the text appended to a leading system message, or a system message before all. */
    static List<Map<String, Object>> addSystem(List<Map<String, Object>> messages, String systemPrompt) {
        List<Map<String, Object>> out = new ArrayList<>(messages);
        if (!out.isEmpty() && "system".equals(out.getFirst().get("role"))) {
            out.set(0, ToolCapabilities.message("system", out.getFirst().get("content") + "\n\n" + systemPrompt));
        } else {
            out.addFirst(ToolCapabilities.message("system", systemPrompt));
        }
        return out;
    }

    /** A call's JSON-text arguments as the object they spell (left as text when they are not JSON). */
    private static Map<String, Object> withParsedArguments(Map<String, Object> call) {
        if (!"function".equals(call.get("type")) || !(call.get("function") instanceof Map<?, ?> f)
                || !(f.get("arguments") instanceof String text)) {
            return call;
        }
        Object parsed;
        try {
            parsed = JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return call;
        }
        Map<String, Object> function = new LinkedHashMap<>(castMap(f));
        function.put("arguments", parsed);
        Map<String, Object> copy = new LinkedHashMap<>(call);
        copy.put("function", function);
        return copy;
    }

    /** The calls as minja writes them into the content: {@code {"tool_calls": [...], "content": ...}}. */
    private static String callsAsContent(Object content, List<Map<String, Object>> calls) {
        List<Map<String, Object>> written = new ArrayList<>();
        for (Map<String, Object> call : calls) {
            if (!"function".equals(call.get("type"))) {
                continue;
            }
            Map<String, Object> function = castMap(call.get("function"));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", function.get("name"));
            c.put("arguments", function.get("arguments"));
            if (call.containsKey("id")) {
                c.put("id", call.get("id"));
            }
            written.add(c);
        }
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("tool_calls", written);
        if (content != null && !"".equals(content)) {
            obj.put("content", content);
        }
        return JsonText.nlohmann(obj, 2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
