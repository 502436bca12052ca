package dev.helix.server.ollama.gotemplate;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lists and maps whose Go types print as JSON in a template ({@code String() string} methods in Ollama's api package:
 * {@code Tools}, {@code ToolCallFunctionArguments}); otherwise an ordinary Go slice and map.
 */
public final class JsonPrinted {
    private JsonPrinted() {}

    /** A slice that prints as its JSON. */
    public static List<Object> list(List<?> items) {
        return new JsonList(List.copyOf(items));
    }

    /** A map that prints as its JSON (keys sorted, as Go's maps iterate and marshal). */
    public static Map<String, Object> map(Map<String, ?> entries) {
        return new JsonMap(new TreeMap<>(entries));
    }

    static boolean is(Object value) {
        return value instanceof JsonList || value instanceof JsonMap;
    }

    private static final class JsonList extends AbstractList<Object> {
        private final List<Object> items;

        JsonList(List<Object> items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items.get(index);
        }

        @Override
        public int size() {
            return items.size();
        }
    }

    private static final class JsonMap extends AbstractMap<String, Object> {
        private final SortedMap<String, Object> entries;

        JsonMap(SortedMap<String, Object> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }
    }
}
