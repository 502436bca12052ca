package dev.helix.runtime.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code tojson} as chat templates expect it from Python's {@code json.dumps} and as minja writes it
 * ({@link JsonText#minja}): {@code ", "} between items and {@code ": "} after keys, non-ASCII text as is, and with
 * {@code indent=n} (Llama 3.x writes its tools so) each item on its own line. Jinjava's own writes compact JSON.
 */
final class ToJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        int n = indent instanceof Number number ? number.intValue()
                : indent == null ? -1 : Integer.parseInt(indent.toString().trim());
        return JsonText.minja(var instanceof Object[] items ? Arrays.asList(items) : var, n);
    }
}
