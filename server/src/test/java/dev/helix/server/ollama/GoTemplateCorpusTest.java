package dev.helix.server.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.server.ollama.TemplateValues.Message;
import dev.helix.server.ollama.TemplateValues.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real templates of Ollama library models (test resources ollama-templates/, byte for byte) rendered as Ollama renders
 * them; each expected prompt is worked out by hand from Go's text/template rules (trim markers, range, if/else if,
 * variables, and/or/eq/ne/le/len/slice, and the JSON that Ollama's api types print).
 */
class GoTemplateCorpusTest {
    private static final String TOOL_FUNCTION = "{\"name\":\"get_weather\",\"description\":\"Get the weather\","
            + "\"parameters\":{\"type\":\"object\",\"required\":[\"city\"],\"properties\":{\"city\":{\"type\":\"string\","
            + "\"description\":\"The city\"}}}}";
    private static final String TOOL = "{\"type\":\"function\",\"function\":" + TOOL_FUNCTION + "}";
    private static final JsonNode TOOL_DEFINITION = TemplateValues.json("{\"type\":\"function\",\"function\":{"
            + "\"name\":\"get_weather\",\"description\":\"Get the weather\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"The city\"}},\"required\":[\"city\"]}}}");

    private static String template(String name) throws IOException {
        try (InputStream in = GoTemplateCorpusTest.class.getResourceAsStream("/ollama-templates/" + name + ".gotmpl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String render(String name, List<Message> messages, List<JsonNode> tools) throws IOException {
        return GoTemplate.render(template(name), new TemplateValues(messages, tools, "", ""));
    }

    private static Message m(String role, String content) {
        return Message.of(role, content);
    }

    /** A weather question, the assistant's tool call, and the tool's answer last. */
    private static List<Message> toolConversation() {
        return List.of(m("user", "What's the weather in Paris?"),
                new Message("assistant", "", null, List.of(new ToolCall("get_weather",
                        TemplateValues.json("{\"city\":\"Paris\"}"))), null),
                m("tool", "22°C"));
    }

    @Test
    void llama32() throws IOException {
        assertEquals("<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n\n"
                + "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                render("llama3.2", List.of(m("system", "Be brief."), m("user", "Hi")), List.of()));
    }

    @Test
    void llama32WithToolsAndAnAnsweredConversation() throws IOException {
        String system = "<|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n\n"
                + "When you receive a tool call response, use the output to format an answer to the orginal user "
                + "question.\n\nYou are a helpful assistant with tool calling capabilities.<|eot_id|>";
        assertEquals(system + "<|start_header_id|>user<|end_header_id|>\n\nGiven the following functions, please "
                + "respond with a JSON for a function call with its proper arguments that best answers the given prompt."
                + "\n\nRespond in the format {\"name\": function name, \"parameters\": dictionary of argument name and "
                + "its value}. Do not use variables.\n\n" + TOOL + "\n\nWhat's the weather in Paris?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                render("llama3.2", List.of(m("user", "What's the weather in Paris?")), List.of(TOOL_DEFINITION)));
        assertEquals(system + "<|start_header_id|>user<|end_header_id|>\n\nWhat's the weather in Paris?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": "
                + "{\"city\":\"Paris\"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n22°C<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                render("llama3.2", toolConversation(), List.of(TOOL_DEFINITION)));
    }

    @Test
    void qwen25() throws IOException {
        assertEquals("<|im_start|>system\nYou are Qwen.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                + "<|im_start|>assistant\n",
                render("qwen2.5", List.of(m("system", "You are Qwen."), m("user", "What is 2+2?")), List.of()));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\n"
                + "Bye<|im_end|>\n<|im_start|>assistant\n",
                render("qwen2.5", List.of(m("user", "Hi"), m("assistant", "Hello!"), m("user", "Bye")), List.of()));
    }

    @Test
    void qwen25WithToolCallsAndAToolResult() throws IOException {
        assertEquals("<|im_start|>system\n\n# Tools\n\nYou may call one or more functions to assist with the user "
                + "query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                + "{\"type\": \"function\", \"function\": " + TOOL_FUNCTION + "}\n</tools>\n\nFor each function call, "
                + "return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n"
                + "<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\nWhat's the weather in Paris?<|im_end|>\n<|im_start|>assistant\n<tool_call>\n"
                + "{\"name\": \"get_weather\", \"arguments\": {\"city\":\"Paris\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n22°C\n</tool_response><|im_end|>\n<|im_start|>assistant\n",
                render("qwen2.5", toolConversation(), List.of(TOOL_DEFINITION)));
    }

    @Test
    void qwen25FillInTheMiddleAndTheLegacyBranch() throws IOException {
        // with a prompt and a suffix Ollama gives the template only those; .Messages is empty and the else branch runs
        assertEquals("<|im_start|>user\ndef f(<|im_end|>\n<|im_start|>assistant\n",
                GoTemplate.render(template("qwen2.5"), new TemplateValues(List.of(), List.of(), "def f(", "pass")));
    }

    @Test
    void mistralSmallPrintsTheToolsBeforeTheLastUserMessage() throws IOException {
        assertEquals("[SYSTEM_PROMPT]Be brief.[/SYSTEM_PROMPT][AVAILABLE_TOOLS][" + TOOL + "][/AVAILABLE_TOOLS]"
                + "[INST]Hi[/INST]",
                render("mistral-small", List.of(m("system", "Be brief."), m("user", "Hi")), List.of(TOOL_DEFINITION)));
        assertEquals("[INST]What's the weather in Paris?[/INST][TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": "
                + "{\"city\":\"Paris\"}}]</s>[TOOL_RESULTS]{\"content\": 22°C}[/TOOL_RESULTS]",
                render("mistral-small", toolConversation(), List.of(TOOL_DEFINITION)),
                "the tools only within the last two messages: not before the first of three");
    }

    @Test
    void gemma2() throws IOException {
        assertEquals("<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n"
                + "<start_of_turn>user\nHow are you?<end_of_turn>\n<start_of_turn>model\n",
                render("gemma2", List.of(m("user", "Hi"), m("assistant", "Hello!"), m("user", "How are you?")),
                        List.of()));
        assertEquals("<start_of_turn>user\nBe brief.<end_of_turn>\n<start_of_turn>user\nHi<end_of_turn>\n"
                + "<start_of_turn>model\n", render("gemma2", List.of(m("system", "Be brief."), m("user", "Hi")),
                List.of()));
    }

    @Test
    void phi3LegacyTurnsWithTheLastOneCutAfterTheResponse() throws IOException {
        assertEquals("<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>"
                + "<|user|>\nBye<|end|>\n<|assistant|>\n",
                render("phi3", List.of(m("system", "Be brief."), m("user", "Hi"), m("assistant", "Hello!"),
                        m("user", "Bye")), List.of()));
        assertEquals("<|user|>\nHi<|end|>\n<|assistant|>\n", GoTemplate.render(template("phi3"),
                Map.of("Prompt", "Hi")));
    }

    @Test
    void mistralLegacy() throws IOException {
        assertEquals("[INST] Be brief. Hi [/INST]\n", GoTemplate.render(template("mistral"),
                Map.of("System", "Be brief.", "Prompt", "Hi")));
        assertEquals("[INST]  Hi [/INST]\n", GoTemplate.render(template("mistral"), Map.of("Prompt", "Hi")));
    }

    @Test
    void consecutiveMessagesOfOneRoleAreMergedAsOllamaCollates() throws IOException {
        assertEquals("<|im_start|>system\nA\n\nB<|im_end|>\n<|im_start|>user\none\n\ntwo<|im_end|>\n"
                + "<|im_start|>assistant\n", render("qwen2.5", List.of(m("system", "A"), m("system", "B"),
                m("user", "one"), m("user", "two")), List.of()));
    }
}
