package dev.helix.runtime.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * minja's example of a tool call in a template's own syntax, for the system prompt that lists the tools of a template
 * that does not render them ({@link ToolPolyfills}): a user turn rendered with the generation prompt, then with an
 * assistant's call after it; what the second adds past their common prefix (a trailing EOS dropped) is the example.
 * "" when the template's rendering of the call shows neither its name nor its argument.
 */
final class ToolCallExample {
    private ToolCallExample() {
    }

    /**
     * @param apply renders messages with the polyfills and no tools, with or without the generation prompt
     */
    static String infer(BiFunction<List<Map<String, Object>>, Boolean, String> apply, ToolCapabilities caps,
                        String eos) {
        Map<String, Object> user = ToolCapabilities.message("user", "Hey");
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("arg1", "some_value");
        Map<String, Object> call = ToolCapabilities.call("tool_name",
                caps.requiresObjectArguments() ? args : JsonText.minja(args, -1));
        String prefix;
        String full;
        try {
            prefix = apply.apply(List.of(user), true);
            full = apply.apply(List.of(user, ToolCapabilities.calls(call)), false);
        } catch (RuntimeException e) {
            return "";
        }
        int eosLast = full.lastIndexOf(eos);
        if (eosLast >= 0 && (eosLast == prefix.length() - eos.length()
                || (!full.isEmpty() && full.charAt(full.length() - 1) == '\n'
                && eosLast == full.length() - eos.length() - 1))) {
            full = full.substring(0, eosLast);
        }
        int common = 0;
        for (int i = 0; i < prefix.length() && i < full.length(); i++) {
            if (prefix.charAt(i) != full.charAt(i)) {
                break;
            }
            if (prefix.charAt(i) == '<') {
                // as minja: DeepSeek R1 diverges at <think> vs its call marker, both starting with '<'
                continue;
            }
            common = i + 1;
        }
        String example = full.substring(common);
        return example.contains("tool_name") || example.contains("some_value") ? example : "";
    }
}
