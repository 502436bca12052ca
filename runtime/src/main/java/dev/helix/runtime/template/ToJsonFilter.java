package dev.helix.runtime.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code tojson} as chat templates expect it from Python's {@code json.dumps} (and minja): {@code ", "} between
 * items and {@code ": "} after keys, non-ASCII text as is. Jinjava's own writes compact JSON.
 */
final class ToJsonFilter implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        StringBuilder out = new StringBuilder();
        write(var, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var entry : map.entrySet()) {
                    out.append(first ? "" : ", ");
                    first = false;
                    string(String.valueOf(entry.getKey()), out);
                    out.append(": ");
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
            case Iterable<?> items -> {
                out.append('[');
                Iterator<?> it = items.iterator();
                while (it.hasNext()) {
                    write(it.next(), out);
                    out.append(it.hasNext() ? ", " : "");
                }
                out.append(']');
            }
            case Object[] items -> write(java.util.Arrays.asList(items), out);
            case Boolean b -> out.append(b);
            case Number n -> out.append(n);
            default -> string(value.toString(), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        try {
            out.append(JSON.writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
