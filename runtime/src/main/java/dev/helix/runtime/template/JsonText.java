package dev.helix.runtime.template;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON text written as llama.cpp writes it where the bytes reach a prompt: nlohmann's {@code dump(indent)} (the
 * tool-call and tool-response polyfills) and minja's {@code Value::dump(indent, to_json)} (the tool list in the
 * system prompt), over the maps, lists, strings, numbers, booleans and nulls a conversation is made of. Indented,
 * the two differ only on empty containers (nlohmann writes {@code []}, minja an indented blank line between the
 * brackets); unindented ({@code indent} -1), nlohmann is compact and minja puts a space after each comma.
 */
final class JsonText {
    private JsonText() {
    }

    /** nlohmann's {@code json::dump(indent)}. */
    static String nlohmann(Object value, int indent) {
        StringBuilder out = new StringBuilder();
        write(value, indent, 0, false, out);
        return out.toString();
    }

    /** minja's {@code Value::dump(indent, true)}. */
    static String minja(Object value, int indent) {
        StringBuilder out = new StringBuilder();
        write(value, indent, 0, true, out);
        return out.toString();
    }

    private static void write(Object value, int indent, int level, boolean minja, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                if (map.isEmpty() && !minja) {
                    out.append("{}");
                    return;
                }
                out.append('{');
                newline(indent, level + 1, out);
                boolean first = true;
                for (var entry : map.entrySet()) {
                    if (!first) {
                        separator(indent, level + 1, minja, out);
                    }
                    first = false;
                    string(String.valueOf(entry.getKey()), out);
                    out.append(indent < 0 && !minja ? ":" : ": ");
                    write(entry.getValue(), indent, level + 1, minja, out);
                }
                newline(indent, level, out);
                out.append('}');
            }
            case List<?> list -> {
                if (list.isEmpty() && !minja) {
                    out.append("[]");
                    return;
                }
                out.append('[');
                newline(indent, level + 1, out);
                Iterator<?> it = list.iterator();
                while (it.hasNext()) {
                    write(it.next(), indent, level + 1, minja, out);
                    if (it.hasNext()) {
                        separator(indent, level + 1, minja, out);
                    }
                }
                newline(indent, level, out);
                out.append(']');
            }
            case Boolean b -> out.append(b);
            case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 ->
                    out.append(d.longValue()).append(".0");
            case Number n -> out.append(n);
            default -> string(value.toString(), out);
        }
    }

    /** Between items: a comma, then the next line's indentation, or (unindented) a space for minja only. */
    private static void separator(int indent, int level, boolean minja, StringBuilder out) {
        out.append(',');
        if (indent < 0 && minja) {
            out.append(' ');
        }
        newline(indent, level, out);
    }

    private static void newline(int indent, int level, StringBuilder out) {
        if (indent > 0) {
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    /** nlohmann's string escapes: the short ones, other controls as lowercase u00xx escapes, the rest as is. */
    static void string(String s, StringBuilder out) {
        dev.helix.runtime.grammar.JsonEscapes.dump(s, out);
    }
}
