package dev.helix.router.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value shapes several sections of models.yaml share, read one way everywhere: a duration ("30s", "2m" or
 * seconds) and a non-empty string with {@code ${VAR}} and {@code ${VAR:-default}} taken from the environment. A
 * mistake is reported to the parser at its location and the fallback (or null) is returned, so that every mistake
 * of a file is reported at once.
 */
final class ConfigValues {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final ConfigParser parser;
    private final Map<String, String> env;

    ConfigValues(ConfigParser parser, Map<String, String> env) {
        this.parser = parser;
        this.env = env;
    }

    Duration duration(JsonNode node, String at, Duration fallback) {
        if (ConfigParser.absent(node)) {
            return fallback;
        }
        try {
            var parsed = dev.helix.router.KeepAlive.parse(node.isNumber() ? node.numberValue() : node.asText());
            if (parsed.forever()) {
                parser.problem(at, "must not be negative, was " + node);
                return fallback;
            }
            return parsed.duration();
        } catch (RuntimeException e) {
            parser.problem(at, "must be seconds or a duration such as \"30s\" or \"2m\", not " + node);
            return fallback;
        }
    }

    /** A non-empty string with ${VAR} expanded from the environment; null after a reported mistake. */
    String text(JsonNode node, String at) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            parser.problem(at, "must be a non-empty string");
            return null;
        }
        Matcher m = VARIABLE.matcher(node.textValue());
        var out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                parser.problem(at, "environment variable " + m.group(1) + " is not set");
                ok = false;
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }
}
