package dev.helix.server.ollama;

import dev.helix.provider.InvalidRequestException;
import dev.helix.server.ollama.gotemplate.GoTextTemplate;
import dev.helix.server.ollama.gotemplate.TemplateError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's prompt template (an Ollama manifest's template layer, a variant's TEMPLATE, {@code /api/generate}'s
 * {@code template} field) rendered as Ollama's {@code template.Execute} renders it, over {@link GoTextTemplate}:
 * <ul>
 *   <li>a prompt with a suffix: {@code .Prompt} and {@code .Suffix};</li>
 *   <li>a template that mentions {@code .Messages}: {@code .System} (every system message, joined by a blank line),
 *       {@code .Messages} (consecutive messages of one role merged, as Ollama's {@code collate}), {@code .Tools};</li>
 *   <li>else the legacy form: {@code .System}, {@code .Prompt} and {@code .Response} per turn, the last turn cut after
 *       {@code .Response} so the answer stays open.</li>
 * </ul>
 * A template it cannot render faithfully is refused with a 400 naming the problem, never rendered half-right.
 *
 * <p>Request input: the template is capped in size and nesting, every scan is linear, the output is capped.
 */
final class GoTemplate {
    /** Characters a template may have; Ollama's own templates are a few KB. */
    static final int MAX_LENGTH = 256 * 1024;
    /** {@code {{ if }}}, {@code {{ range }}} and {@code {{ with }}} blocks inside one another. */
    static final int MAX_DEPTH = GoTextTemplate.MAX_DEPTH;

    private GoTemplate() {}

    /** The legacy values ({@code System}, {@code Prompt}, {@code Suffix}) of a generate request. */
    static String render(String template, Map<String, String> values) {
        String prompt = values.getOrDefault("Prompt", "");
        String suffix = values.getOrDefault("Suffix", "");
        if (!suffix.isEmpty()) {
            return render(template, new TemplateValues(List.of(), List.of(), prompt, suffix));
        }
        return render(template, TemplateValues.generate(values.getOrDefault("System", ""), prompt));
    }

    static String render(String template, TemplateValues values) {
        return render(template, values, Clock.systemDefaultZone());
    }

    static String render(String template, TemplateValues values, Clock clock) {
        if (template.length() > MAX_LENGTH) {
            throw invalid("longer than " + MAX_LENGTH + " characters");
        }
        try {
            GoTextTemplate t = GoTextTemplate.parse(template);
            if (!values.prompt().isEmpty() && !values.suffix().isEmpty()) {
                return t.execute(Map.of("Prompt", values.prompt(), "Suffix", values.suffix(), "Response", ""), clock);
            }
            var system = new ArrayList<String>();
            var collated = new ArrayList<TemplateValues.Message>();
            for (TemplateValues.Message m : values.messages()) {
                if (m.role().equals("system")) {
                    system.add(m.content());
                }
                int last = collated.size() - 1;
                if (last >= 0 && collated.get(last).role().equals(m.role())) {
                    var merged = collated.get(last);
                    collated.set(last, new TemplateValues.Message(merged.role(), merged.content() + "\n\n" + m.content(),
                            merged.thinking(), merged.toolCalls(), merged.toolName()));
                } else {
                    collated.add(m);
                }
            }
            if (t.mentions("messages")) {
                var data = new HashMap<String, Object>();
                data.put("System", String.join("\n\n", system));
                data.put("Messages", collated.stream().map(TemplateValues::message).map(Object.class::cast).toList());
                data.put("Tools", values.goTools());
                data.put("Response", "");
                return t.execute(data, clock);
            }
            return legacy(t, collated, clock);
        } catch (TemplateError e) {
            throw invalid(e.getMessage());
        }
    }

    /** One execution per turn (system, prompt, response), the last one cut after {@code .Response}. */
    private static String legacy(GoTextTemplate t, List<TemplateValues.Message> messages, Clock clock) {
        var out = new StringBuilder();
        String[] turn = {"", "", ""}; // system, prompt, response
        Runnable execute = () -> {
            out.append(t.execute(Map.of("System", turn[0], "Prompt", turn[1], "Response", turn[2]), clock));
            turn[0] = "";
            turn[1] = "";
            turn[2] = "";
        };
        for (TemplateValues.Message m : messages) {
            switch (m.role()) {
                case "system" -> {
                    if (!turn[1].isEmpty() || !turn[2].isEmpty()) {
                        execute.run();
                    }
                    turn[0] = m.content();
                }
                case "user" -> {
                    if (!turn[2].isEmpty()) {
                        execute.run();
                    }
                    turn[1] = m.content();
                }
                case "assistant" -> turn[2] = m.content();
                default -> { } // tool results have no place in a legacy template
            }
        }
        out.append(t.cutAfter("Response").execute(Map.of("System", turn[0], "Prompt", turn[1], "Response", turn[2]),
                clock));
        return out.toString();
    }

    private static InvalidRequestException invalid(String why) {
        return new InvalidRequestException("template: " + why, "template");
    }
}
