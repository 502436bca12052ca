package dev.helix.runtime.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chat template renders of a tool conversation, found as minja finds it ({@code chat_template}'s
 * constructor): each conversation rendered raw (no polyfills) and its output searched for a needle. A template
 * without one of these gets minja's polyfill for it ({@link ToolPolyfills}).
 *
 * @param supportsSystemRole      a system message's text reaches the output
 * @param supportsTools           the request's tools reach the output
 * @param supportsToolCalls       an assistant message's tool calls reach the output
 * @param supportsToolResponses   a tool message's text reaches the output
 * @param requiresObjectArguments the calls' arguments render only as an object, not as JSON text
 */
record ToolCapabilities(boolean supportsSystemRole, boolean supportsTools, boolean supportsToolCalls,
                        boolean supportsToolResponses, boolean requiresObjectArguments) {

    /** A raw render: the output, or "" when the template fails on the conversation (as minja's try_raw_render). */
    interface RawRender {
        String render(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                      boolean addGenerationPrompt);
    }

    static final String USER_NEEDLE = "<User Needle>";
    private static final String SYSTEM_NEEDLE = "<System Needle>";

    static ToolCapabilities probe(RawRender raw) {
        Map<String, Object> user = message("user", USER_NEEDLE);
        boolean system = raw.render(List.of(message("system", SYSTEM_NEEDLE), user), null, false)
                .contains(SYSTEM_NEEDLE);
        boolean tools = raw.render(List.of(user), List.of(someTool()), false).contains("some_tool");

        Map<String, Object> args = new LinkedHashMap<>();
        args.put("argument_needle", "print('Hello, World!')");
        String argsText = JsonText.nlohmann(args, -1);
        boolean stringArguments = rendersArguments(raw.render(List.of(user,
                calls(call("ipython", argsText))), null, false));
        boolean objectArguments = rendersArguments(raw.render(List.of(user,
                calls(call("ipython", args))), null, false));
        boolean toolCalls = stringArguments || objectArguments;
        boolean objectRequired = !stringArguments && objectArguments;
        boolean responses = false;
        if (toolCalls) {
            Map<String, Object> response = message("tool", "Some response!");
            response.put("name", "test_tool1");
            response.put("tool_call_id", "call_911_");
            responses = raw.render(List.of(user, calls(call("test_tool1", objectRequired ? args : argsText)),
                    response), null, false).contains("Some response!");
        }
        return new ToolCapabilities(system, tools, toolCalls, responses, objectRequired);
    }

    private static boolean rendersArguments(String out) {
        return out.contains("\"argument_needle\":") || out.contains("'argument_needle':");
    }

    static Map<String, Object> message(String role, Object content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    static Map<String, Object> calls(Map<String, Object> call) {
        Map<String, Object> m = message("assistant", null);
        m.put("tool_calls", List.of(call));
        return m;
    }

    static Map<String, Object> call(String name, Object arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("arguments", arguments);
        function.put("name", name);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", "call_1___");
        call.put("type", "function");
        call.put("function", function);
        return call;
    }

    private static Map<String, Object> someTool() {
        Map<String, Object> arg = new LinkedHashMap<>();
        arg.put("type", "string");
        arg.put("description", "Some argument.");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("type", "object");
        parameters.put("properties", Map.of("arg", arg));
        parameters.put("required", List.of("arg"));
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "some_tool");
        function.put("description", "Some tool.");
        function.put("parameters", parameters);
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "some_tool");
        tool.put("type", "function");
        tool.put("function", function);
        return tool;
    }
}
