package dev.helix.server.ollama;

import dev.helix.provider.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Go's text/template that prompt templates in {@code /api/generate}'s {@code template} field use:
 * {@code {{ .System }}}, {@code {{ .Prompt }}}, {@code {{ .Suffix }}}, {@code {{ .Response }}} (empty: the answer
 * follows the prompt), {@code {{ if .X }}...{{ else }}...{{ end }}} (nested) and the trim markers {@code {{-} and
 * {@code -}}}. Anything else is refused with a 400 naming the action, never rendered half-right.
 */
final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.(System|Prompt|Suffix|Response)");

    private sealed interface Node {}

    private record Text(String text) implements Node {}

    private record Field(String name) implements Node {}

    private record If(String field, List<Node> then, List<Node> otherwise) implements Node {}

    private GoTemplate() {}

    static String render(String template, Map<String, String> values) {
        List<Object> tokens = tokens(template);
        int[] at = {0};
        List<Node> nodes = parse(tokens, at, false);
        if (at[0] != tokens.size()) {
            throw invalid("{{ " + tokens.get(at[0]) + " }} without a matching {{ if }}");
        }
        var out = new StringBuilder();
        write(nodes, values, out);
        return out.toString();
    }

    /** Text pieces (String wrapped in Text) and actions (String), with trim markers applied to the text. */
    private static List<Object> tokens(String template) {
        List<Object> tokens = new ArrayList<>();
        Matcher m = ACTION.matcher(template);
        int last = 0;
        boolean trimNext = false;
        while (m.find()) {
            String text = template.substring(last, m.start());
            if (trimNext) {
                text = text.stripLeading();
            }
            if (!m.group(1).isEmpty()) {
                text = text.stripTrailing();
            }
            tokens.add(new Text(text));
            tokens.add(m.group(2));
            trimNext = !m.group(3).isEmpty();
            last = m.end();
        }
        String rest = template.substring(last);
        tokens.add(new Text(trimNext ? rest.stripLeading() : rest));
        return tokens;
    }

    private static List<Node> parse(List<Object> tokens, int[] at, boolean inIf) {
        List<Node> nodes = new ArrayList<>();
        while (at[0] < tokens.size()) {
            Object token = tokens.get(at[0]);
            if (token instanceof Text text) {
                nodes.add(text);
                at[0]++;
                continue;
            }
            String action = (String) token;
            if (action.equals("end") || action.equals("else")) {
                if (!inIf) {
                    throw invalid("{{ " + action + " }} without a matching {{ if }}");
                }
                return nodes;
            }
            if (action.startsWith("/*") && action.endsWith("*/")) {
                at[0]++;
                continue;
            }
            at[0]++;
            if (action.startsWith("if ")) {
                String field = field(action.substring(3).strip());
                List<Node> then = parse(tokens, at, true);
                List<Node> otherwise = List.of();
                if (at[0] < tokens.size() && "else".equals(tokens.get(at[0]))) {
                    at[0]++;
                    otherwise = parse(tokens, at, true);
                }
                if (at[0] >= tokens.size() || !"end".equals(tokens.get(at[0]))) {
                    throw invalid("{{ if " + field + " }} without {{ end }}");
                }
                at[0]++;
                nodes.add(new If(field, then, otherwise));
            } else {
                nodes.add(new Field(field(action)));
            }
        }
        if (inIf) {
            throw invalid("{{ if }} without {{ end }}");
        }
        return nodes;
    }

    private static String field(String action) {
        Matcher m = FIELD.matcher(action);
        if (!m.matches()) {
            throw invalid("{{ " + action + " }} is not supported (Helix renders .System, .Prompt, .Suffix, .Response, "
                    + "if/else/end)");
        }
        return m.group(1);
    }

    private static void write(List<Node> nodes, Map<String, String> values, StringBuilder out) {
        for (Node node : nodes) {
            switch (node) {
                case Text text -> out.append(text.text());
                case Field field -> out.append(values.getOrDefault(field.name(), ""));
                case If branch -> write(values.getOrDefault(branch.field(), "").isEmpty() ? branch.otherwise()
                        : branch.then(), values, out);
            }
        }
    }

    private static InvalidRequestException invalid(String why) {
        return new InvalidRequestException("template: " + why, "template");
    }
}
