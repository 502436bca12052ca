package dev.helix.runtime.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.helix.provider.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's own Jinja chat template, rendered as llama.cpp renders it (its minja engine, checked byte for byte on
 * a corpus of popular templates by {@code ChatTemplateMatchesBindingTest}) with HubSpot's Jinjava, configured as
 * Hugging Face's Jinja: {@code trim_blocks} and {@code lstrip_blocks}, {@code {{-}} trimming, Jinja's own operator
 * precedence (so {@code not x is defined} means {@code not (x is defined)}), Python-like map iteration, minja's
 * {@code raise_exception} and {@code strftime_now} ({@link TemplateFunctions}), a {@code tojson} with Python's
 * separators ({@link ToJsonFilter}), {@code not} below comparisons ({@link JinjaPrecedence}) and strings
 * {@code iterable} ({@link IterableTest}).
 *
 * <p>Around the engine, what llama.cpp does around minja: {@code bos_token} and {@code eos_token} are the
 * vocabulary's, a leading BOS is dropped from the result (the tokenizer adds its own), messages are the OpenAI shape
 * llama.cpp builds (an empty content is null, calls' arguments JSON text), the chat format llama.cpp picks may add
 * its own system text ({@link ChatFormat}), and what the template does not render itself ({@link ToolCapabilities},
 * probed once here) gets minja's polyfills ({@link ToolPolyfills}): tools listed in a system prompt, calls and tool
 * responses as JSON text, system text merged into the next user message (Gemma's template raises on a system
 * message). Thread-safe: each render has its own interpreter.
 */
public final class ChatTemplate {

    /**
     * A message, as a chat request carries it.
     *
     * @param content    the text, "" for none
     * @param toolCalls  the calls an assistant message made
     * @param toolCallId the call a tool message answers, or null
     * @param name       the tool a tool message is from, or null
     */
    public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public Message(String role, String content) {
            this(role, content, List.of(), null, null);
        }
    }

    /**
     * A call an assistant message made.
     *
     * @param id        its id, or null
     * @param arguments the arguments as JSON text
     */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    private final String source;
    private final String jinjavaSource;
    private final String bos;
    private final String eos;
    private final Jinjava jinjava;
    private final ToolCapabilities caps;
    private final String toolCallExample;

    /**
     * @param bos the vocabulary's BOS token text, or "" when it has none
     * @param eos the vocabulary's EOS token text, or "" when it has none
     */
    public ChatTemplate(String source, String bos, String eos) {
        this.source = Objects.requireNonNull(source, "source");
        this.jinjavaSource = JinjaPrecedence.apply(source);
        this.bos = Objects.requireNonNull(bos, "bos");
        this.eos = Objects.requireNonNull(eos, "eos");
        this.jinjava = engine();
        this.caps = ToolCapabilities.probe(this::rawRender);
        this.toolCallExample = caps.supportsTools() ? "" : ToolCallExample.infer((messages, addGenerationPrompt) ->
                renderChecked(ToolPolyfills.apply(messages, null, caps, ""), null, addGenerationPrompt, Map.of()),
                caps, eos);
    }

    private static Jinjava engine() {
        var config = JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true).withIterateOverMapKeys(true)
                        .withKeepNullableLoopValues(true).build())
                .build();
        var jinjava = new Jinjava(config);
        var context = jinjava.getGlobalContext();
        context.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", String.class));
        context.registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", String.class));
        context.registerFilter(new ToJsonFilter());
        context.registerExpTest(new IterableTest());
        return jinjava;
    }

    /** minja's probe render: no polyfills, "" when the template fails on the conversation. */
    private String rawRender(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                             boolean addGenerationPrompt) {
        try {
            RenderResult r = jinjava.renderForResult(jinjavaSource, context(messages, tools, addGenerationPrompt,
                    Map.of()));
            return fatal(r) == null ? r.getOutput() : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * Renders a conversation.
     *
     * @param tools the tools in the OpenAI shape ({@code {"type":"function","function":{...}}} as maps), or null
     *              for none (the template then sees {@code tools} undefined)
     * @throws InvalidRequestException when the template refuses the conversation ({@code raise_exception}) or
     *                                 uses what this engine cannot render
     */
    public String render(List<Message> messages, List<Map<String, Object>> tools, boolean addGenerationPrompt) {
        List<Map<String, Object>> shaped = messages.stream().map(ChatTemplate::oaiShape).toList();
        ChatFormat format = ChatFormat.of(source, shaped, tools);
        List<Map<String, Object>> actual = ToolPolyfills.apply(format.messages(), tools, caps, toolCallExample);
        String output = renderChecked(actual, tools, addGenerationPrompt, format.extraContext());
        if (!bos.isEmpty() && output.startsWith(bos)) {
            output = output.substring(bos.length());
        }
        return format.finish(source, output, addGenerationPrompt);
    }

    private String renderChecked(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                 boolean addGenerationPrompt, Map<String, Object> extra) {
        RenderResult result;
        try {
            result = jinjava.renderForResult(jinjavaSource, context(messages, tools, addGenerationPrompt, extra));
        } catch (TemplateFunctions.TemplateRefusal e) {
            throw refused(e.getMessage());
        }
        TemplateError error = fatal(result);
        if (error != null) {
            Throwable cause = error.getException();
            while (cause != null && !(cause instanceof TemplateFunctions.TemplateRefusal)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw refused(cause.getMessage());
            }
            throw new InvalidRequestException("engine ffm cannot render this model's chat template: "
                    + error.getMessage() + "; load the model with engine: binding");
        }
        return result.getOutput();
    }

    private static final String REFUSED = "the model's chat template refuses this conversation: ";

    private static InvalidRequestException refused(String message) {
        return new InvalidRequestException(REFUSED + message, "messages");
    }

    /**
     * Whether the template refuses this conversation ({@code raise_exception}): the 400 it makes, or empty when it
     * renders, or uses what this renderer cannot (which says nothing of a refusal).
     */
    public java.util.Optional<InvalidRequestException> refusal(List<Message> messages, List<Map<String, Object>> tools,
                                                               boolean addGenerationPrompt) {
        try {
            render(messages, tools, addGenerationPrompt);
            return java.util.Optional.empty();
        } catch (InvalidRequestException e) {
            return e.getMessage().startsWith(REFUSED) ? java.util.Optional.of(e) : java.util.Optional.empty();
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static TemplateError fatal(RenderResult result) {
        return result.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .findFirst().orElse(null);
    }

    /**
     * A message as llama.cpp hands it to the template ({@code common_chat_msgs_to_json_oaicompat}): role, content
     * (null when empty beside calls), name, tool_call_id, then the calls ({@code type}, {@code function}, {@code id}).
     */
    static Map<String, Object> oaiShape(Message m) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", m.role());
        // llama.cpp makes an empty content null, which its minja writes as Python's "None" into the prompt (b4916,
        // measured: ChatTemplateMatchesBindingTest's "empty answer"); an empty text is kept here, which writes
        // nothing, unless the message carries calls (where templates and minja's polyfill test for null)
        message.put("content", m.content().isEmpty() && !m.toolCalls().isEmpty() ? null : m.content());
        if (m.name() != null && !m.name().isEmpty()) {
            message.put("name", m.name());
        }
        if (m.toolCallId() != null && !m.toolCallId().isEmpty()) {
            message.put("tool_call_id", m.toolCallId());
        }
        if (!m.toolCalls().isEmpty()) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (ToolCall call : m.toolCalls()) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", call.name());
                function.put("arguments", call.arguments());
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("type", "function");
                c.put("function", function);
                if (call.id() != null && !call.id().isEmpty()) {
                    c.put("id", call.id());
                }
                calls.add(c);
            }
            message.put("tool_calls", calls);
        }
        return message;
    }

    private Map<String, Object> context(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                                        boolean addGenerationPrompt, Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bos);
        context.put("eos_token", eos);
        // a variable as well as a function, so that "strftime_now is defined" holds as it does in minja
        context.put("strftime_now", true);
        if (tools != null) {
            context.put("tools", tools);
        }
        context.putAll(extra);
        return context;
    }
}
