package dev.helix.runtime.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The chat format llama.cpp picks for a template ({@code common_chat_templates_apply_jinja}) and what it changes in
 * the prompt: the generic format (a template that knows no tool syntax llama.cpp parses, given tools) asks for JSON
 * in a system message, Llama 3.x gets {@code tools_in_user_message} false (and its built-in tools named), and
 * DeepSeek R1's template gets llama.cpp's fixes of its tool-output endings. The other formats (Hermes 2 Pro and
 * Qwen 2.5's {@code <tool_call>}, Mistral Nemo, Command R7B, Functionary, FireFunction, and any template without
 * tools) render the conversation as it is.
 */
record ChatFormat(String name, List<Map<String, Object>> messages, Map<String, Object> extraContext) {
    private static final String DEEPSEEK_CALLS = "<｜tool▁calls▁begin｜>";
    private static final String DEEPSEEK_BROKEN = "{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}";
    private static final Pattern DEEPSEEK_CALL_END = Pattern.compile(
            "(<｜tool▁call▁end｜>)[\\s\\r\\n]*(<｜tool▁outputs▁begin｜>|<｜User｜>)");
    private static final Set<String> LLAMA_BUILTIN = Set.of("wolfram_alpha", "web_search", "brave_search", "python",
            "code_interpreter");

    static ChatFormat of(String source, List<Map<String, Object>> messages, List<Map<String, Object>> tools) {
        boolean hasTools = tools != null;
        if (source.contains(DEEPSEEK_CALLS)) {
            return new ChatFormat("deepseek-r1", messages, Map.of());
        }
        if (source.contains("<|END_THINKING|><|START_ACTION|>") || source.contains("<tool_call>")
                || source.contains(">>>all") || source.contains(" functools[") || !hasTools) {
            return new ChatFormat("as-is", messages, Map.of());
        }
        if (source.contains("<|start_header_id|>") && source.contains("<function=")) {
            return new ChatFormat("functionary-v3.1", messages, Map.of());
        }
        if (source.contains("<|start_header_id|>ipython<|end_header_id|>")) {
            List<String> builtin = new ArrayList<>();
            if (source.contains("<|python_tag|>")) {
                for (Map<String, Object> tool : tools) {
                    if (tool.get("function") instanceof Map<?, ?> f && LLAMA_BUILTIN.contains(f.get("name"))) {
                        builtin.add((String) f.get("name"));
                    }
                }
            }
            return new ChatFormat("llama-3.x", messages, builtin.isEmpty()
                    ? Map.of("tools_in_user_message", false)
                    : Map.of("tools_in_user_message", false, "builtin_tools", builtin));
        }
        if (source.contains("[TOOL_CALLS]")) {
            return new ChatFormat("mistral-nemo", messages, Map.of());
        }
        return new ChatFormat("generic", ToolPolyfills.addSystem(messages, "Respond in JSON format, either with "
                + "`tool_call` (a request to call tools) or with `response` reply to the user's request"), Map.of());
    }

    /** What llama.cpp changes in the rendered prompt: DeepSeek R1's endings after tool outputs and calls. */
    String finish(String source, String prompt, boolean addGenerationPrompt) {
        if (!name.equals("deepseek-r1") || !source.contains(DEEPSEEK_BROKEN)) {
            return prompt;
        }
        if (prompt.endsWith("<｜tool▁outputs▁end｜>")) {
            prompt += "<｜end▁of▁sentence｜>" + (addGenerationPrompt ? "<｜Assistant｜>" : "");
        }
        return DEEPSEEK_CALL_END.matcher(prompt).replaceAll("$1<｜tool▁calls▁end｜><｜end▁of▁sentence｜>$2");
    }
}
