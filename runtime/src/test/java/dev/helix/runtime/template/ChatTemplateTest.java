package dev.helix.runtime.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.helix.provider.InvalidRequestException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ChatTemplate}'s pieces around the engine, without a model (the corpus is ChatTemplateMatchesBindingTest). */
class ChatTemplateTest {
    private static final List<ChatTemplate.Message> CHAT = List.of(new ChatTemplate.Message("system", "S"),
            new ChatTemplate.Message("user", "U"));

    @Test
    void systemTextJoinsTheNextUserMessageOrBecomesOneAsMinjasPolyfillDoes() {
        var noSystemRole = new ToolCapabilities(false, true, true, true, false);
        var m = ToolPolyfills.apply(List.of(message("system", "a"), message("system", "b"), message("user", "u"),
                message("assistant", "x"), message("system", "c"), message("assistant", "y"),
                message("system", "d")), null, noSystemRole, "");
        assertEquals(List.of(message("user", "a\nb\nu"), message("assistant", "x"), message("user", "c"),
                message("assistant", "y"), message("user", "d")), m);
    }

    private static Map<String, Object> message(String role, String content) {
        return ToolCapabilities.message(role, content);
    }

    @Test
    void aTemplateThatDropsSystemMessagesGetsThemMergedAndALeadingBosIsDropped() {
        var t = new ChatTemplate("{{ bos_token }}{% for m in messages %}{% if m.role != 'system' %}[{{ m.role }}:"
                + "{{ m.content }}]{% endif %}{% endfor %}{{ eos_token }}", "<s>", "</s>");
        assertEquals("[user:S\nU]</s>", t.render(CHAT, null, true));
    }

    @Test
    void raiseExceptionIsARefusalInTheRequestsShape() {
        var t = new ChatTemplate("{{ raise_exception('roles must alternate') }}", "", "");
        var e = assertThrows(InvalidRequestException.class, () -> t.render(CHAT, null, true));
        assertEquals("the model's chat template refuses this conversation: roles must alternate", e.getMessage());
    }

    @Test
    void whatJinjavaCannotRenderIsRefusedWithTheWayOut() {
        // Python's str methods beyond those Java's String shares (strip, replace) are not there
        var t = new ChatTemplate("{% if messages[0].content.startswith('S') %}x{% endif %}", "", "");
        var e = assertThrows(InvalidRequestException.class, () -> t.render(CHAT, null, true));
        assertTrue(e.getMessage().contains("engine: binding") && e.getMessage().contains("startswith"),
                e.getMessage());
    }

    @Test
    void tojsonWritesPythonsSeparators() {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("name", "w");
        tool.put("args", List.of(1, true, "日本 \"q\""));
        tool.put("none", null);
        var t = new ChatTemplate("{{ tools[0] | tojson }}", "", "");
        assertEquals("{\"name\": \"w\", \"args\": [1, true, \"日本 \\\"q\\\"\"], \"none\": null}",
                t.render(CHAT, List.of(tool), false));
    }

    @Test
    void strftimeCoversTheConversionsTemplatesUse() {
        var time = LocalDateTime.of(2026, 3, 5, 14, 7, 9);
        assertEquals("05 Mar 2026", TemplateFunctions.strftime(time, "%d %b %Y"));
        assertEquals("2026-03-05 14:07:09 Thursday March 100%", TemplateFunctions.strftime(time,
                "%Y-%m-%d %H:%M:%S %A %B 100%%"));
        var t = new ChatTemplate("{% if strftime_now is defined %}{{ strftime_now('%Y') }}{% endif %}", "", "");
        assertEquals(String.valueOf(LocalDateTime.now().getYear()).length(), t.render(CHAT, null, true).length());
    }

    @Test
    void jsonIsWrittenAsNlohmannAndMinjaWriteIt() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of());
        value.put("b", "x\u0001\"«»");
        assertEquals("{\n  \"a\": [],\n  \"b\": \"x\\u0001\\\"«»\"\n}", JsonText.nlohmann(value, 2));
        assertEquals("{\n  \"a\": [\n    \n  ],\n  \"b\": \"x\\u0001\\\"«»\"\n}", JsonText.minja(value, 2));
        assertEquals("{\"a\":[],\"b\":\"x\\u0001\\\"«»\"}", JsonText.nlohmann(value, -1));
        assertEquals("{\"a\": [], \"b\": \"x\\u0001\\\"«»\"}", JsonText.minja(value, -1));
    }

    @Test
    void notIsBelowAComparisonInsideTagsOnly() {
        assertEquals("not a == b {%- if not (m.calls|length == 1) %}{{ not (x != 'y') }}{% if not x is defined %}",
                JinjaPrecedence.apply("not a == b {%- if not m.calls|length == 1 %}{{ not x != 'y' }}"
                        + "{% if not x is defined %}"));
        var t = new ChatTemplate("{% for m in messages %}{{ m.content }}{% endfor %}{% if not messages|length == 1 %}"
                + "many{% else %}one{% endif %}{% if 'x' is iterable %} and text is iterable{% endif %}", "", "");
        assertEquals("SUmany and text is iterable", t.render(CHAT, null, false));
    }

    @Test
    void aTemplateWithoutToolSupportGetsTheToolsCallsAndAnswersAsMinjaWritesThem() {
        var t = new ChatTemplate("{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}", "", "");
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", "w");
        function.put("parameters", Map.of());
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "function");
        tool.put("function", function);
        var conversation = List.of(new ChatTemplate.Message("user", "U"), new ChatTemplate.Message("assistant", "",
                List.of(new ChatTemplate.ToolCall("c1", "w", "{\"x\":1}")), null, null),
                new ChatTemplate.Message("tool", "ok", List.of(), "c1", "w"));
        assertEquals("[system:Respond in JSON format, either with `tool_call` (a request to call tools) or with "
                + "`response` reply to the user's request\n\nYou can call any of the following tools to satisfy the "
                + "user's requests: [\n  {\n    \"type\": \"function\",\n    \"function\": {\n      \"name\": \"w\",\n"
                + "      \"parameters\": {\n        \n      }\n    }\n  }\n]\n\nExample tool call syntax:\n\n"
                + "[assistant:{\n  \"tool_calls\": [\n    {\n      \"name\": \"tool_name\",\n      \"arguments\": {\n"
                + "        \"arg1\": \"some_value\"\n      },\n      \"id\": \"call_1___\"\n    }\n  ]\n}]\n\n]"
                + "[user:U][assistant:{\n  \"tool_calls\": [\n    {\n      \"name\": \"w\",\n      \"arguments\": {\n"
                + "        \"x\": 1\n      },\n      \"id\": \"c1\"\n    }\n  ]\n}]"
                + "[user:{\n  \"tool_response\": {\n    \"content\": \"ok\",\n    \"name\": \"w\",\n"
                + "    \"tool_call_id\": \"c1\"\n  }\n}]", t.render(conversation, List.of(tool), false));
    }
}
