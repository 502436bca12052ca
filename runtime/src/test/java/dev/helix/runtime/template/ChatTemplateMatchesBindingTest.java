package dev.helix.runtime.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.provider.ChatMessage;
import dev.helix.provider.ChatRequest;
import dev.helix.provider.GenerationOptions;
import dev.helix.provider.InvalidRequestException;
import dev.helix.provider.ModelLoadException;
import dev.helix.provider.Role;
import dev.helix.provider.Tool;
import dev.helix.provider.ToolChoice;
import dev.helix.runtime.ModelLoadOptions;
import dev.helix.runtime.gguf.RandomLlamaModel;
import dev.helix.runtime.llamacpp.LlamaCppProvider;
import dev.helix.runtime.testing.TestModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ChatTemplate} (HubSpot's Jinjava, configured as Hugging Face's Jinja) against the binding (llama.cpp's
 * minja) on the chat templates of popular models: the exact files llama.cpp tests against
 * ({@code models/templates/*.jinja} of its current tag) in {@code chat-templates/}, each written into a generated
 * GGUF as {@code tokenizer.chat_template}, each conversation rendered by both and compared byte for byte.
 *
 * <p>The outcome of every template and conversation is pinned, so a change on either side breaks this test. What
 * each piece of {@link ChatTemplate}'s configuration fixes, found here: without {@code {{-}} trimming every
 * indented template keeps its indentation; with Jinjava's "natural" operator precedence,
 * {@code not add_generation_prompt is defined} is {@code (not x) is defined} and DeepSeek's template loses its
 * generation prompt; without a {@code strftime_now} variable, Llama 3.2's {@code strftime_now is defined} is false
 * and it dates the prompt 26 Jul 2024 where llama.cpp writes today; without dropping the leading BOS every
 * template that writes {@code bos_token} differs; without minja's system-role polyfill Gemma 2 refuses a system
 * message that llama.cpp merges into the first user turn. With tools: without minja's capability probes and
 * polyfills, ChatML and Gemma drop the tools, calls and answers; without llama.cpp's generic format its system text;
 * without {@code tojson(indent=4)}, {@code not} below {@code ==}, and strings {@code is iterable}, Llama 3.x writes
 * its tools unindented, fails on its one-call check, and writes a tool's answer bare.
 */
@Timeout(300)
class ChatTemplateMatchesBindingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationOptions OPTIONS = GenerationOptions.DEFAULTS;
    /** The synthetic vocabulary's BOS and EOS ({@code SyntheticVocabulary}), as llama.cpp passes them. */
    private static final String BOS = "<s>";
    private static final String EOS = "</s>";
    private static final List<Tool> TOOLS = List.of(new Tool("weather", "The weather in a city, «now».",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}},"
                    + "\"required\":[\"city\"]}"));

    /**
     * A question, the assistant's call and its answer, as most templates accept it: one call at a time (Llama 3.1
     * raises on more), an id of nine letters and digits (Mistral Nemo raises on others), and the roles still
     * alternating once the answer is a user message (Gemma raises otherwise). A template's raise is an abort of the
     * whole process in the binding (b4916 lets minja's exception through JNI), so conversations a template refuses
     * cannot be compared here.
     */
    private static final List<ChatMessage> HISTORY = List.of(new ChatMessage(Role.SYSTEM, "You are terse."),
            new ChatMessage(Role.USER, "Weather in Paris?"),
            new ChatMessage(Role.ASSISTANT, "", List.of(new ChatMessage.ToolCall("call00001", "weather",
                    "{\"city\":\"Paris\",\"days\":2}")), null, null),
            new ChatMessage(Role.TOOL, "{\"sky\":\"clear «日本»\"}", List.of(), "call00001", "weather"));
    /** Two calls at once (one with text), their answers (one without id or name), and the question after. */
    private static final List<ChatMessage> PARALLEL = List.of(new ChatMessage(Role.USER, "Paris and Rome?"),
            new ChatMessage(Role.ASSISTANT, "Checking.", List.of(new ChatMessage.ToolCall("call_1", "weather",
                    "{\"city\":\"Paris\"}"), new ChatMessage.ToolCall(null, "weather", "{\"city\": \"Rome\"}")),
                    null, null),
            new ChatMessage(Role.TOOL, "clear", List.of(), "call_1", "weather"),
            new ChatMessage(Role.TOOL, "rain", List.of(), null, null),
            new ChatMessage(Role.ASSISTANT, "Clear and rain."), new ChatMessage(Role.USER, "Thanks"));

    /** Conversations, each rendered with the generation prompt (the binding always adds it). */
    private static final Map<String, ChatRequest> CONVERSATIONS = conversations();

    private static Map<String, ChatRequest> conversations() {
        Map<String, ChatRequest> c = new LinkedHashMap<>();
        c.put("user", chat(new ChatMessage(Role.USER, "Hello")));
        c.put("system+user", chat(new ChatMessage(Role.SYSTEM, "You are terse."),
                new ChatMessage(Role.USER, "Hello")));
        c.put("multi-turn", chat(new ChatMessage(Role.SYSTEM, "You are terse."),
                new ChatMessage(Role.USER, "Hello"), new ChatMessage(Role.ASSISTANT, "<think>hm</think>Hi."),
                new ChatMessage(Role.USER, "Tell me a story, «日本» \"quoted\"")));
        c.put("tools", new ChatRequest("m", List.of(new ChatMessage(Role.USER, "Weather in Paris?")), OPTIONS,
                TOOLS, ToolChoice.AUTO, false));
        c.put("system+tools", new ChatRequest("m", List.of(new ChatMessage(Role.SYSTEM, "You are terse."),
                new ChatMessage(Role.USER, "Weather in Paris?")), OPTIONS, TOOLS, ToolChoice.AUTO, false));
        c.put("tools+history", new ChatRequest("m", HISTORY, OPTIONS, TOOLS, ToolChoice.AUTO, false));
        c.put("history", new ChatRequest("m", HISTORY, OPTIONS, TOOLS, ToolChoice.NONE, false));
        c.put("empty answer", chat(new ChatMessage(Role.USER, "Hi"), new ChatMessage(Role.ASSISTANT, ""),
                new ChatMessage(Role.USER, "Again")));
        c.put("parallel", new ChatRequest("m", PARALLEL, OPTIONS, TOOLS, ToolChoice.AUTO, false));
        return c;
    }


    private static ChatRequest chat(ChatMessage... messages) {
        return new ChatRequest("m", List.of(messages), OPTIONS);
    }

    /**
     * What happens, template by template and conversation by conversation (in {@link #CONVERSATIONS}' order, then
     * "parallel" for the templates in {@link #PARALLEL_OK}): {@code same} (byte for byte the binding's),
     * {@code differs: ...}, or the refusal.
     */
    private static final Map<String, List<String>> EXPECTED = expected();

    private static Map<String, List<String>> expected() {
        Map<String, List<String>> e = new LinkedHashMap<>();
        // The other difference, llama.cpp's: it makes an empty content null, which minja writes as Python's None
        // (DeepSeek's template then takes the answer for a call and drops it); Java writes the empty text
        e.put(CHATML, List.of("same", "same", "same", "same", "same", "same", "same",
                none(52, "<|im_end|>\\n<|im_start|>user\\nAgain<|i", "<|im_end|>\\n<|im_start|>user\\nAgain<|im_en"),
                "same"));
        List<String> llama = sameThen(none(218, "<|eot_id|><|start_header_id|>user<|e",
                "<|eot_id|><|start_header_id|>user<|end_h"));
        e.put("meta-llama-Llama-3.1-8B-Instruct.jinja", llama);
        e.put("meta-llama-Llama-3.2-3B-Instruct.jinja", llama);
        e.put("Qwen-Qwen2.5-7B-Instruct.jinja", List.of("same", "same", "same", "same", "same", "same", "same",
                none(150, "<|im_end|>\\n<|im_start|>user\\nAgain<|i", "<|im_end|>\\n<|im_start|>user\\nAgain<|im_en"),
                "same"));
        e.put("mistralai-Mistral-Nemo-Instruct-2407.jinja", sameThen(none(15, "</s>[INST]Again[/INST]",
                "</s>[INST]Again[/INST]")));
        e.put("Mistral-Small-3.2-24B-Instruct-2506.jinja", sameThen("same"));
        e.put("google-gemma-2-2b-it.jinja", sameThen(none(57, "<end_of_turn>\\n<start_of_turn>user\\nAg",
                "<end_of_turn>\\n<start_of_turn>user\\nAgain<")));
        // not among llama.cpp's test templates: the one Google's gemma-3n-E2B-it GGUF carries (issue 15); only
        // the conversations without an empty assistant turn (see NO_EMPTY_ANSWERS)
        e.put("google-gemma-3n-E2B-it.jinja", List.of("same", "same", "same", "same", "same"));
        // the binding (b4916) does not load a model carrying this template at all
        e.put("microsoft-Phi-3.5-mini-instruct.jinja", List.of("binding cannot load: could not load model from "
                + "given file path"));
        // The one difference, and minja's: the template drops an earlier answer's thinking under
        // {% if '</think>' in content %}, and b4916's minja evaluates `in` only on arrays and objects (minja.hpp:
        // Op::In), so a substring test is false and the thinking stays. Python's Jinja (Hugging Face's renderer)
        // drops it, as Java does: Java is right here.
        String thought = "differs: at 40 binding «<think>hm</think>Hi.<｜end▁of▁sentence｜><» java «Hi.<｜end▁of▁"
                + "sentence｜><｜User｜>Tell me a »";
        e.put("deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja", List.of("same", "same", thought, "same", "same",
                "same", "same", "differs: at 12 binding «User｜>Again<｜Assistant｜><think>\\n» java «Assistant｜><｜end▁"
                        + "of▁sentence｜><｜User｜>Ag»"));
        e.put("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", List.of("same", "same", thought, "same", "same",
                "same", "same", "differs: at 12 binding «User｜>Again<｜Assistant｜><think>\\n</think>» java «Assistant｜>"
                        + "<｜end▁of▁sentence｜><｜User｜>Ag»"));
        return e;
    }

    private static List<String> sameThen(String emptyAnswer) {
        return List.of("same", "same", "same", "same", "same", "same", "same", emptyAnswer);
    }

    /** The empty answer: the binding writes "None" at {@code at}, Java nothing. */
    private static String none(int at, String binding, String java) {
        return "differs: at " + at + " binding «None" + binding + "» java «" + java + "»";
    }

    /** The tests' own models' template (TestServer's tiny and scripted): ChatML, which renders no tools itself. */
    private static final String CHATML = "ChatML (the test models')";
    /** The templates that take {@link #PARALLEL} without raising (the others' raise aborts the binding). */
    private static final List<String> PARALLEL_OK = List.of(CHATML, "Qwen-Qwen2.5-7B-Instruct.jinja");
    /**
     * Templates that raise on an empty assistant turn (a call's, or an empty answer), which llama.cpp makes a null
     * content: Gemma 3n's raises "Invalid content type" on anything neither text nor a list, and the raise aborts
     * the binding, so only the conversations without one are compared.
     */
    private static final List<String> NO_EMPTY_ANSWERS = List.of("google-gemma-3n-E2B-it.jinja");
    private static final List<String> WITH_EMPTY_ANSWERS = List.of("tools+history", "history", "empty answer",
            "parallel");

    @Test
    void rendersTheCorpusAsTheBindingDoes() throws IOException {
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (String name : EXPECTED.keySet()) {
            String source = name.equals(CHATML) ? RandomLlamaModel.CHATML_TEMPLATE
                    : resource("chat-templates/" + name);
            var file = TestModels.custom(RandomLlamaModel.tiny().withChatTemplate(source)
                    .withName("helix-template-" + name));
            LlamaCppProvider provider;
            try {
                provider = LlamaCppProvider.load("m", file, ModelLoadOptions.DEFAULTS.withContextSize(256)
                        .withParallel(1).withThreads(1), Duration.ofSeconds(60));
            } catch (ModelLoadException ex) {
                actual.put(name, List.of("binding cannot load: " + ex.getMessage().replaceAll(".*: ", "")));
                continue;
            }
            var template = new ChatTemplate(source, BOS, EOS);
            List<String> outcomes = new ArrayList<>();
            try (var binding = provider) {
                for (var conversation : CONVERSATIONS.entrySet()) {
                    if (conversation.getKey().equals("parallel") && !PARALLEL_OK.contains(name)
                            || NO_EMPTY_ANSWERS.contains(name) && WITH_EMPTY_ANSWERS.contains(conversation.getKey())) {
                        continue;
                    }
                    ChatRequest request = conversation.getValue();
                    outcomes.add(compare(binding.applyTemplate(request), template, request));
                }
            }
            actual.put(name, outcomes);
        }
        assertEquals(EXPECTED, actual);
    }

    private static String compare(String expected, ChatTemplate template, ChatRequest request) throws IOException {
        List<ChatTemplate.Message> messages = request.messages().stream()
                .map(m -> new ChatTemplate.Message(m.role().wireName(), m.content(), m.toolCalls().stream()
                        .map(c -> new ChatTemplate.ToolCall(c.id(), c.name(), c.arguments())).toList(),
                        m.toolCallId(), m.toolName())).toList();
        String actual;
        try {
            actual = template.render(messages, request.toolsActive() ? tools(request.tools()) : null, true);
        } catch (InvalidRequestException e) {
            return "java refuses: " + e.getMessage();
        }
        return actual.equals(expected) ? "same" : "differs: " + difference(expected, actual);
    }

    /** The tools in the OpenAI shape, as the binding engine sends them to llama.cpp. */
    private static List<Map<String, Object>> tools(List<Tool> tools) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Tool tool : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            function.put("description", tool.description());
            function.put("parameters", JSON.readValue(tool.parameters(), new TypeReference<Map<String, Object>>() { }));
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put("type", "function");
            wrapper.put("function", function);
            out.add(wrapper);
        }
        return out;
    }

    private static String difference(String expected, String actual) {
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return "at " + i + " binding " + excerpt(expected, i) + " java " + excerpt(actual, i);
    }

    private static String excerpt(String s, int at) {
        return "«" + s.substring(at, Math.min(s.length(), at + 40)).replace("\n", "\\n") + "»";
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = ChatTemplateMatchesBindingTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
