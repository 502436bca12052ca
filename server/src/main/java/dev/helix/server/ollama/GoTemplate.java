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
 *
 * <p>Request input: the scan is linear (each action ends at the first {@code }}} after its {@code {{}, as in Go),
 * the size and the nesting are capped, so no template can cost more than a linear pass or overflow the stack.
 */
final class GoTemplate {
    /** Characters a template may have; Ollama's own templates are a few KB. */
    static final int MAX_LENGTH = 256 * 1024;
    /** {@code {{ if }}} blocks inside one another. */
    static final int MAX_DEPTH = 64;
    private static final Pattern FIELD = Pattern.compile("\\.(System|Prompt|Suffix|Response)");

    private sealed interface Node {}

    private record Text(String text) implements Node {}

    private record Field(String name) implements Node {}

    private record If(String field, List<Node> then, List<Node> otherwise) implements Node {}

    private GoTemplate() {}

    static String render(String template, Map<String, String> values) {
        if (template.length() > MAX_LENGTH) {
            throw invalid("longer than " + MAX_LENGTH + " characters");
        }
        List<Object> tokens = tokens(template);
        int[] at = {0};
        List<Node> nodes = parse(tokens, at, 0);
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
        int last = 0;
        boolean trimNext = false;
        for (int open = template.indexOf("{{"); open >= 0; open = template.indexOf("{{", last)) {
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw invalid("{{ at character " + open + " is never closed with }}");
            }
            String action = template.substring(open + 2, close);
            boolean trimBefore = action.startsWith("-");
            boolean trimAfter = action.endsWith("-") && action.length() > (trimBefore ? 1 : 0);
            action = action.substring(trimBefore ? 1 : 0, action.length() - (trimAfter ? 1 : 0)).strip();
            String text = template.substring(last, open);
            if (trimNext) {
                text = text.stripLeading();
            }
            if (trimBefore) {
                text = text.stripTrailing();
            }
            tokens.add(new Text(text));
            tokens.add(action);
            trimNext = trimAfter;
            last = close + 2;
        }
        String rest = template.substring(last);
        tokens.add(new Text(trimNext ? rest.stripLeading() : rest));
        return tokens;
    }

    private static List<Node> parse(List<Object> tokens, int[] at, int depth) {
        boolean inIf = depth > 0;
        if (depth > MAX_DEPTH) {
            throw invalid("{{ if }} blocks nest deeper than " + MAX_DEPTH);
        }
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
                List<Node> then = parse(tokens, at, depth + 1);
                List<Node> otherwise = List.of();
                if (at[0] < tokens.size() && "else".equals(tokens.get(at[0]))) {
                    at[0]++;
                    otherwise = parse(tokens, at, depth + 1);
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
