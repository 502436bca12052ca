package dev.helix.server.ollama.gotemplate;

import java.util.List;

/** {@code printf}'s verbs that prompt templates use: {@code %s %v %d %q %%}; others are refused. */
final class Printf {
    private Printf() {}

    static String format(List<Object> a) {
        if (a.isEmpty() || !(a.get(0) instanceof String format)) {
            throw new TemplateError("printf needs a format string");
        }
        var out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= a.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object v = a.get(next++);
            switch (verb) {
                case 's', 'v' -> GoValues.print(v, out);
                case 'd' -> out.append(v instanceof Long ? v : "%!d(" + GoValues.typeName(v) + "=" + GoValues.print(v) + ")");
                case 'q' -> out.append(GoValues.json(GoValues.print(v)));
                default -> throw new TemplateError("printf verb %" + verb + " is not supported");
            }
        }
        return out.toString();
    }
}
