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
 * {@code raise_exception} and {@code strftime_now} ({@link TemplateFunctions}) and a {@code tojson} with Python's
 * separators ({@link ToJsonFilter}).
 *
 * <p>Around the engine, what llama.cpp does around minja: {@code bos_token} and {@code eos_token} are the
 * vocabulary's, a leading BOS is dropped from the result (the tokenizer adds its own), and a template that does not
 * render a system message (Gemma's raises) gets the system text merged into the next user message, as minja's
 * polyfill does. Thread-safe: each render has its own interpreter.
 */
public final class ChatTemplate {
    private static final String NEEDLE = "<System Needle>";

    /** A message: role and text. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    private final String source;
    private final String bos;
    private final String eos;
    private final Jinjava jinjava;
    private final boolean supportsSystemRole;

    /**
     * @param bos the vocabulary's BOS token text, or "" when it has none
     * @param eos the vocabulary's EOS token text, or "" when it has none
     */
    public ChatTemplate(String source, String bos, String eos) {
        this.source = Objects.requireNonNull(source, "source");
        this.bos = Objects.requireNonNull(bos, "bos");
        this.eos = Objects.requireNonNull(eos, "eos");
        this.jinjava = engine();
        this.supportsSystemRole = rendersSystemMessages();
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
        return jinjava;
    }

    /** minja's probe: a template supports the system role when a system message's text reaches its output. */
    private boolean rendersSystemMessages() {
        try {
            RenderResult r = jinjava.renderForResult(source, context(List.of(new Message("system", NEEDLE),
                    new Message("user", "Hey")), null, false));
            return fatal(r) == null && r.getOutput().contains(NEEDLE);
        } catch (RuntimeException e) {
            return false;
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
        List<Message> actual = supportsSystemRole ? messages : polyfillSystemRole(messages);
        RenderResult result;
        try {
            result = jinjava.renderForResult(source, context(actual, tools, addGenerationPrompt));
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
        String output = result.getOutput();
        return !bos.isEmpty() && output.startsWith(bos) ? output.substring(bos.length()) : output;
    }

    private static InvalidRequestException refused(String message) {
        return new InvalidRequestException("the model's chat template refuses this conversation: " + message,
                "messages");
    }

    private static TemplateError fatal(RenderResult result) {
        return result.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
                .findFirst().orElse(null);
    }

    /** minja's polyfill: system texts join the next user message (a newline apart), or become a user message. */
    static List<Message> polyfillSystemRole(List<Message> messages) {
        List<Message> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (Message m : messages) {
            if (m.role().equals("system")) {
                pending.append(pending.isEmpty() ? "" : "\n").append(m.content());
                continue;
            }
            if (!pending.isEmpty()) {
                if (m.role().equals("user")) {
                    m = new Message("user", pending + (m.content().isEmpty() ? "" : "\n" + m.content()));
                } else {
                    out.add(new Message("user", pending.toString()));
                }
                pending.setLength(0);
            }
            out.add(m);
        }
        if (!pending.isEmpty()) {
            out.add(new Message("user", pending.toString()));
        }
        return out;
    }

    private Map<String, Object> context(List<Message> messages, List<Map<String, Object>> tools,
                                        boolean addGenerationPrompt) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", m.role());
            message.put("content", m.content());
            list.add(message);
        }
        Map<String, Object> context = new HashMap<>();
        context.put("messages", list);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", bos);
        context.put("eos_token", eos);
        // a variable as well as a function, so that "strftime_now is defined" holds as it does in minja
        context.put("strftime_now", true);
        if (tools != null) {
            context.put("tools", tools);
        }
        return context;
    }
}
