package dev.helix.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets one value in a YAML file by editing its lines, so everything else (comments, order, blank lines) stays as
 * the user wrote it: the key's line gets the new value and keeps its comment; a missing key is added at the end of
 * its section (sections made as needed). Only block-style mappings are walked; {@code a.b.c} names nested keys.
 */
final class UserConfigFile {
    private static final Pattern KEY_LINE = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(?:[ \\t]+(.*?))?[ \\t]*$");

    private UserConfigFile() {
    }

    /** The text with {@code key} set to {@code value} (a YAML scalar, as {@link #scalar} writes it). */
    static String set(String text, String key, String value) {
        List<String> lines = new ArrayList<>(text.isEmpty() ? List.of() : List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        String[] parts = key.split("\\.");
        int from = 0;
        int to = lines.size();
        int indent = 0;
        for (int p = 0; p < parts.length; p++) {
            int found = -1;
            for (int i = from; i < to; i++) {
                Matcher m = KEY_LINE.matcher(lines.get(i));
                if (m.matches() && m.group(1).length() == indent && m.group(2).equals(parts[p])) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                var added = new ArrayList<String>();
                for (int q = p; q < parts.length; q++) {
                    String pad = " ".repeat(indent + 2 * (q - p));
                    added.add(pad + parts[q] + ":" + (q == parts.length - 1 ? " " + value : ""));
                }
                lines.addAll(to, added);
                return String.join("\n", lines) + "\n";
            }
            if (p == parts.length - 1) {
                Matcher m = KEY_LINE.matcher(lines.get(found));
                m.matches();
                String rest = m.group(3) == null ? "" : m.group(3);
                String comment = comment(rest);
                lines.set(found, m.group(1) + parts[p] + ": " + value + (comment.isEmpty() ? "" : "  " + comment));
                return String.join("\n", lines) + "\n";
            }
            int end = found + 1;
            int childIndent = -1;
            while (end < to) {
                String line = lines.get(end);
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    int lead = line.length() - line.stripLeading().length();
                    if (lead <= indent) {
                        break;
                    }
                    if (childIndent < 0) {
                        childIndent = lead;
                    }
                }
                end++;
            }
            while (end > found + 1 && lines.get(end - 1).isBlank()) {
                end--; // add before the blank lines that end a section
            }
            from = found + 1;
            to = end;
            indent = childIndent < 0 ? indent + 2 : childIndent;
        }
        throw new IllegalStateException("unreachable");
    }

    /** The comment at the end of a value, "" if none: a # after a space, outside quotes. */
    private static String comment(String rest) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || rest.charAt(i - 1) == ' ')) {
                return rest.substring(i);
            }
        }
        return "";
    }

    /** A value as YAML: numbers, true/false and plain words as they are, anything else quoted. */
    static String scalar(String value) {
        if (value.matches("-?\\d+(\\.\\d+)?|true|false|[A-Za-z0-9_./~@-][A-Za-z0-9_./~@:-]*")
                && !value.contains(": ")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
