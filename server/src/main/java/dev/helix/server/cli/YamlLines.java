package dev.helix.server.cli;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every setting in a YAML file, by its location as configuration problems name it
 * ({@code providers.box.managed.port}, {@code models[1].path}).
 */
final class YamlLines {
    private YamlLines() {
    }

    static Map<String, Integer> of(Path file) {
        var lines = new HashMap<String, Integer>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> arrays = new ArrayDeque<>(); // index of the next element, per open array
            Deque<Boolean> inArray = new ArrayDeque<>();
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        field = parser.currentName();
                        lines.put(join(path, field), parser.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String at = element(path, inArray, arrays, field, lines, parser.currentTokenLocation()
                                .getLineNr());
                        path.push(at);
                        inArray.push(token == JsonToken.START_ARRAY);
                        arrays.push(new int[] {0});
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.pop();
                        inArray.pop();
                        arrays.pop();
                        field = null;
                    }
                    default -> {
                        element(path, inArray, arrays, field, lines, parser.currentTokenLocation().getLineNr());
                        field = null;
                    }
                }
            }
        } catch (IOException e) {
            return lines; // what could be read; the parser reports what cannot
        }
        return lines;
    }

    /** The location of a value just read: a field's, or the next element of the open array. */
    private static String element(Deque<String> path, Deque<Boolean> inArray, Deque<int[]> arrays, String field,
                                  Map<String, Integer> lines, int line) {
        if (!inArray.isEmpty() && inArray.peek()) {
            String at = join(path, null) + "[" + arrays.peek()[0]++ + "]";
            lines.putIfAbsent(at, line);
            return at;
        }
        return field == null ? join(path, null) : join(path, field);
    }

    private static String join(Deque<String> path, String field) {
        String base = path.isEmpty() ? "" : path.peek();
        if (field == null) {
            return base;
        }
        return base.isEmpty() ? field : base + "." + field;
    }
}
